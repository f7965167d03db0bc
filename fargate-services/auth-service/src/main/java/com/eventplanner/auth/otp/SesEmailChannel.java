package com.eventplanner.auth.otp;

import software.amazon.awssdk.services.sesv2.SesV2Client;

/** AWS: account mails go out through Amazon SES from a verified sender address. */
final class SesEmailChannel implements NotificationChannel {

    private final SesV2Client ses;
    private final String from;

    SesEmailChannel(SesV2Client ses, String from) {
        this.ses = ses;
        this.from = from;
    }

    @Override
    public void send(Message message) {
        ses.sendEmail(request -> request
                .fromEmailAddress(from)
                .destination(destination -> destination.toAddresses(message.to()))
                .content(content -> content.simple(simple -> simple
                        .subject(subject -> subject.data(message.subject()))
                        .body(body -> body.text(text -> text.data(message.body()))))));
    }
}
