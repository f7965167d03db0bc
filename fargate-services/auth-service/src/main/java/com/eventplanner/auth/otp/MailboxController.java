package com.eventplanner.auth.otp;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/** Local profile only: lets a person or a test read the codes the local mailbox received. Never enabled in AWS. */
@RestController
@ConditionalOnProperty(name = "eventplanner.auth.notification.mailbox-endpoint", havingValue = "true")
class MailboxController {

    private final LocalMailbox mailbox;

    MailboxController(LocalMailbox mailbox) {
        this.mailbox = mailbox;
    }

    @Operation(summary = "Messages the local mailbox holds for one recipient (local profile only)")
    @GetMapping("/api/auth/local/mailbox/{recipient}")
    List<LocalMailbox.Stored> read(@PathVariable String recipient) {
        return mailbox.read(recipient);
    }
}
