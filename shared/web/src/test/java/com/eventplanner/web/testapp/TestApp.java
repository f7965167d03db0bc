package com.eventplanner.web.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal MVC service on the web module, the way every Fargate service uses it: no configuration of its own. */
@SpringBootApplication
public class TestApp {
}
