package com.eventplanner.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/** Gives the test class the JVM-wide {@link com.eventplanner.localinfra.LocalInfrastructure}; see {@link LocalInfrastructureExtension}. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalInfrastructureExtension.class)
public @interface WithLocalInfrastructure {
}
