package com.eventplanner.auth.account;

import java.util.Locale;

/** Emails are compared and stored lower-cased, so Alice@x and alice@x are one account. */
public final class Emails {

    private Emails() {
    }

    public static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
