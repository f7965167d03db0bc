package com.eventplanner.localinvoke;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The template's load balancer as a local one needs it: the rules of the listener that has them, by priority, and
 * the listener's fixed default response.
 */
public record LoadBalancerSpec(List<Rule> rules, FixedResponse defaultResponse) {

    public LoadBalancerSpec {
        rules = List.copyOf(rules);
    }

    /** A path-pattern rule forwarding to a Lambda function ({@code function}) or to targets on {@code port}. */
    public record Rule(int priority, List<String> pathPatterns, String function, int port) {

        public Rule {
            pathPatterns = List.copyOf(pathPatterns);
        }

        public boolean matches(String path) {
            return pathPatterns.stream().anyMatch(pattern -> glob(pattern, path));
        }

        /** ALB path patterns: case-sensitive, {@code *} any run of characters, {@code ?} one character. */
        private static boolean glob(String pattern, String path) {
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return path.matches(regex.toString());
        }
    }

    public record FixedResponse(int status, String contentType, String body) {
    }
}
