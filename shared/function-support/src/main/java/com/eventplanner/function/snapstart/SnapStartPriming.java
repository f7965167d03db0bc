package com.eventplanner.function.snapstart;

import java.util.List;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one CRaC resource of a function jar: runs every {@link PrimingStep} before the checkpoint and their restore
 * hooks after it. A failing step is logged, never fatal: priming only makes the first requests faster, and a failed
 * checkpoint would fail the deployment. On the Lambda runtime the hooks fire around the SnapStart snapshot; without
 * CRaC support {@link Core} falls back to a context that never calls them. The steps are looked up at the
 * checkpoint, not when this resource is built: under lazy initialisation they, and everything they prime, are then
 * created for the snapshot only, and a cold start without SnapStart does not pay for them.
 * <p>
 * The CRaC global context holds resources weakly: keep this object referenced (a singleton bean does).
 */
public final class SnapStartPriming implements Resource {

    private static final Logger log = LoggerFactory.getLogger(SnapStartPriming.class);

    private final Supplier<List<PrimingStep>> steps;
    private List<PrimingStep> primed = List.of();

    public SnapStartPriming(Supplier<List<PrimingStep>> steps) {
        this.steps = steps;
    }

    /** Registers with the global CRaC context; returns this for keeping a reference. */
    public SnapStartPriming register() {
        Core.getGlobalContext().register(this);
        return this;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        primed = List.copyOf(steps.get());
        for (PrimingStep step : primed) {
            long started = System.nanoTime();
            try {
                step.prime();
                log.info("Primed {} in {} ms", name(step), (System.nanoTime() - started) / 1_000_000);
            } catch (Exception e) {
                log.warn("Priming {} failed; the snapshot is taken without it", name(step), e);
            }
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        for (PrimingStep step : primed) {
            try {
                step.afterRestore();
            } catch (Exception e) {
                log.warn("Restoring {} failed", name(step), e);
            }
        }
    }

    private static String name(PrimingStep step) {
        return step.getClass().getSimpleName();
    }
}
