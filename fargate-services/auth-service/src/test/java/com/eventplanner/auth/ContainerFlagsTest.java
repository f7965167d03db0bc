package com.eventplanner.auth;

import com.eventplanner.testsupport.ContainerFlagsContract;

/** The benchmark measures RSS with the Dockerfile's flags; the template must run the same. */
class ContainerFlagsTest extends ContainerFlagsContract {

    @Override
    protected String taskDefinition() {
        return "AuthServiceTaskDefinition";
    }
}
