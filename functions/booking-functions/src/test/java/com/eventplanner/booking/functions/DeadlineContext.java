package com.eventplanner.booking.functions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.eventplanner.testsupport.TestLambdaContext;
import java.time.Duration;
import java.util.UUID;

/** A Lambda context whose remaining time runs down from the function's timeout, as the real runtime's does. */
final class DeadlineContext implements Context {

    private final TestLambdaContext delegate;
    private final long deadlineNanos;

    DeadlineContext(String functionName, Duration timeout) {
        this.delegate = new TestLambdaContext(functionName, UUID.randomUUID().toString());
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis());
    }

    @Override
    public String getAwsRequestId() {
        return delegate.getAwsRequestId();
    }

    @Override
    public String getLogGroupName() {
        return delegate.getLogGroupName();
    }

    @Override
    public String getLogStreamName() {
        return delegate.getLogStreamName();
    }

    @Override
    public String getFunctionName() {
        return delegate.getFunctionName();
    }

    @Override
    public String getFunctionVersion() {
        return delegate.getFunctionVersion();
    }

    @Override
    public String getInvokedFunctionArn() {
        return delegate.getInvokedFunctionArn();
    }

    @Override
    public CognitoIdentity getIdentity() {
        return delegate.getIdentity();
    }

    @Override
    public ClientContext getClientContext() {
        return delegate.getClientContext();
    }

    @Override
    public int getMemoryLimitInMB() {
        return delegate.getMemoryLimitInMB();
    }

    @Override
    public LambdaLogger getLogger() {
        return delegate.getLogger();
    }
}
