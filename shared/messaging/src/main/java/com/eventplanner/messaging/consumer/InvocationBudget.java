package com.eventplanner.messaging.consumer;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;

/**
 * The time left to the Lambda invocation being served, so that work in it (chunks of a long job, the outbox drain
 * after a commit) stops while the invocation can still answer, instead of being cut off by the timeout. The batch
 * processor makes the invocation's budget {@link #current()} while it handles a batch; code that runs outside an
 * invocation (a Fargate service, a test) sees an unlimited one.
 */
public final class InvocationBudget {

    private static final InvocationBudget UNLIMITED = new InvocationBudget(Long.MAX_VALUE);
    private static final ThreadLocal<InvocationBudget> CURRENT = new ThreadLocal<>();

    private final long deadlineNanos;

    private InvocationBudget(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    public static InvocationBudget unlimited() {
        return UNLIMITED;
    }

    /** What the Lambda runtime says is left of this invocation; unlimited without a context. */
    public static InvocationBudget of(Context context) {
        return context == null ? UNLIMITED : ofRemaining(Duration.ofMillis(context.getRemainingTimeInMillis()));
    }

    public static InvocationBudget ofRemaining(Duration remaining) {
        return new InvocationBudget(System.nanoTime() + remaining.toNanos());
    }

    /** The budget of the invocation this thread serves, unlimited outside one. */
    public static InvocationBudget current() {
        InvocationBudget budget = CURRENT.get();
        return budget == null ? UNLIMITED : budget;
    }

    public boolean isUnlimited() {
        return deadlineNanos == Long.MAX_VALUE;
    }

    public Duration remaining() {
        return isUnlimited() ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(deadlineNanos - System.nanoTime());
    }

    /** Whether {@code work} would still end before the invocation's deadline. */
    public boolean hasTimeFor(Duration work) {
        return isUnlimited() || remaining().compareTo(work) > 0;
    }

    /** Makes this the {@link #current()} budget of the thread until the returned scope is closed. */
    public Scope enter() {
        InvocationBudget previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Restores the budget that was current before {@link #enter()}. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
