package com.eventplanner.auth.audit;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.eventplanner.audit.AuditRecord;
import com.eventplanner.audit.AuditWriter;
import com.eventplanner.auth.otp.OtpService;
import com.eventplanner.auth.web.ClientInfo;

/** Audit records of the auth actions, each with the caller's address and user agent. */
@Component
public class AuthAudit {

    public static final String REGISTER = "auth.register";
    public static final String REGISTER_EXISTING = "auth.register.existing_email";
    public static final String REGISTER_REPLACED = "auth.register.pending_replaced";
    public static final String VERIFY = "auth.verify";
    public static final String VERIFY_FAILURE = "auth.verify.failure";
    public static final String CODE_BUDGET_SPENT = "auth.otp.budget_spent";
    public static final String LOGIN_SUCCESS = "auth.login.success";
    public static final String LOGIN_FAILURE = "auth.login.failure";
    public static final String REFRESH_REUSE = "auth.refresh.reuse_detected";
    public static final String SESSION_EXPIRED = "auth.session.expired";
    public static final String LOGOUT = "auth.logout";
    public static final String PASSWORD_CHANGE = "auth.password.change";
    public static final String PASSWORD_RESET_REQUEST = "auth.password.reset_request";
    public static final String PASSWORD_RESET = "auth.password.reset";
    public static final String PASSWORD_RESET_FAILURE = "auth.password.reset.failure";
    public static final String ROLE_GRANT = "auth.role.grant";
    public static final String ROLE_REVOKE = "auth.role.revoke";

    private final AuditWriter writer;

    AuthAudit(AuditWriter writer) {
        this.writer = writer;
    }

    /** A code that was not accepted; the failure that spent the account's budget gets a record of its own. */
    public void recordCodeFailure(String action, UUID userId, OtpService.Check check, ClientInfo client) {
        record(action, userId, userId, Map.of("result", check.name()), client);
        if (check == OtpService.Check.BUDGET_SPENT) {
            record(CODE_BUDGET_SPENT, userId, userId, Map.of("ownerNotified", true), client);
        }
    }

    public void record(String action, UUID userId, Object resourceId, Map<String, Object> changes, ClientInfo client) {
        writer.write(AuditRecord.of(action, userId == null ? null : userId.toString(),
                        resourceId == null ? null : resourceId.toString(), changes)
                .withClient(client.ip(), client.userAgent()));
    }
}
