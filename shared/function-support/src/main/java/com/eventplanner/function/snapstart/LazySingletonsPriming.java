package com.eventplanner.function.snapstart;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;

/**
 * Creates, before the other steps, every singleton that lazy initialisation left for later: the function jars start
 * with only what the invoked function's first request needs, but a snapshot should hold the whole context ready
 * (SNS, MongoDB and Redis clients included), as an eagerly initialised one would. Nothing to renew after a restore:
 * the clients' connections are checked by their own steps or opened on demand.
 */
public final class LazySingletonsPriming implements PrimingStep, Ordered {

    private final ConfigurableListableBeanFactory beanFactory;

    public LazySingletonsPriming(ConfigurableListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void prime() {
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getMergedBeanDefinition(name);
            if (definition.isSingleton() && definition.isLazyInit() && !definition.isAbstract()) {
                beanFactory.getBean(name);
            }
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
