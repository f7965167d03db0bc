package com.eventplanner.auth.audit;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.eventplanner.audit.AuditRecord;
import com.eventplanner.audit.AuditWriter;
import com.eventplanner.auth.web.ClientInfo;

/** Audit records of the auth actions, each with the caller's address and user agent. */
@Component
public class AuthAudit {

    public static final String REGISTER = "auth.register";
    public static final String REGISTER_EXISTING = "auth.register.existing_email";
    public static final String VERIFY = "auth.verify";
    public static final String VERIFY_FAILURE = "auth.verify.failure";
    public static final String LOGIN_SUCCESS = "auth.login.success";
    public static final String LOGIN_FAILURE = "auth.login.failure";
    public static final String REFRESH_REUSE = "auth.refresh.reuse_detected";
    public static final String LOGOUT = "auth.logout";
    public static final String PASSWORD_CHANGE = "auth.password.change";
    public static final String ROLE_GRANT = "auth.role.grant";
    public static final String ROLE_REVOKE = "auth.role.revoke";

    private final AuditWriter writer;

    AuthAudit(AuditWriter writer) {
        this.writer = writer;
    }

    public void record(String action, UUID userId, Object resourceId, Map<String, Object> changes, ClientInfo client) {
        writer.write(AuditRecord.of(action, userId == null ? null : userId.toString(),
                        resourceId == null ? null : resourceId.toString(), changes)
                .withClient(client.ip(), client.userAgent()));
    }
}
