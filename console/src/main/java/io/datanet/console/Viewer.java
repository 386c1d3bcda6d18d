package io.datanet.console;

import io.datanet.platform.api.Roles;
import java.time.Instant;
import java.util.Set;

/**
 * Who is signed in to the console, read from a verified token: {@code subject} is the id the services know the
 * person by (an identity provider's is often opaque), {@code name} what to show (upn, else preferred_username).
 */
public record Viewer(String subject, String name, Set<String> roles, Instant expiresAt, String token) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Validators and operators see every upload's progress; others only their own and their datanets'. */
    public boolean seesAllUploads() {
        return hasRole(Roles.VALIDATOR) || hasRole(Roles.OPERATOR);
    }
}
