package com.eventplanner.auth.otp;

/** Port through which account mails (codes, notices) leave the service: SES in AWS, a local mailbox on a laptop. */
public interface NotificationChannel {

    void send(Message message);

    record Message(String to, String subject, String body) {
    }
}
