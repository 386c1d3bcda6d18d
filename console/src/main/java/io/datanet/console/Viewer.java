package io.datanet.console;

import java.time.Instant;
import java.util.Set;

/** Who is signed in to the console, read from a verified token. */
public record Viewer(String subject, Set<String> roles, Instant expiresAt, String token) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Validators and operators see every upload's progress; others only their own and their datanets'. */
    public boolean seesAllUploads() {
        return hasRole("validator") || hasRole("operator");
    }
}
