package com.eventplanner.function.alb;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Hibernate Validator configured for a Lambda: the parameter interpolator instead of Jakarta EL (no EL implementation
 * on the classpath, less to load at init), and constraint metadata built when first used so that priming can do it
 * before the snapshot.
 */
public final class Validators {

    private Validators() {
    }

    public static ValidatorFactory factory() {
        return Validation.byProvider(HibernateValidator.class)
                .configure()
                // constraints are annotations only: no META-INF/validation.xml to look up and parse
                .ignoreXmlConfiguration()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
    }
}
