package com.eventplanner.payment.gateway;

import com.eventplanner.function.alb.AlbRouter;

/**
 * Routes a gateway adapter serves itself under {@code /api/payments}: only the local gateway has one, the stand-in
 * for the 3-D Secure challenge page that Stripe shows the payer. Stripe's adapter serves none.
 */
public interface GatewayRoutes {

    void addTo(AlbRouter.Builder routes);
}
