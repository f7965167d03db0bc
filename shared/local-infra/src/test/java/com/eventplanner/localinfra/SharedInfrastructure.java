package com.eventplanner.localinfra;

/** One infrastructure for all test classes of this module (test-support offers the JUnit extension for others). */
final class SharedInfrastructure {

    private static LocalInfrastructure instance;

    private SharedInfrastructure() {
    }

    static synchronized LocalInfrastructure get() {
        if (instance == null) {
            instance = LocalInfrastructure.start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return instance;
    }
}
