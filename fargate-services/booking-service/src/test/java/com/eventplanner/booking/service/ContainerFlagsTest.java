package com.eventplanner.booking.service;

import com.eventplanner.testsupport.ContainerFlagsContract;

/** The Dockerfile sizes the JVM for a 512 MB task; the template must run the same flags. */
class ContainerFlagsTest extends ContainerFlagsContract {

    @Override
    protected String taskDefinition() {
        return "BookingServiceTaskDefinition";
    }
}
