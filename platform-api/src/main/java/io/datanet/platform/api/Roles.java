package io.datanet.platform.api;

import java.util.Collection;
import java.util.Set;

/**
 * The roles a token's {@code groups} claim grants, the one vocabulary of every service (and of the tokens
 * {@code ./datanet token}, the console's dev sign-in and the tests make). A token that names none of them is no
 * Datanet token (platform's {@code TokenRules}).
 */
public final class Roles {

    public static final String CONTRIBUTOR = "contributor";
    public static final String VALIDATOR = "validator";
    public static final String OPERATOR = "operator";
    public static final Set<String> ALL = Set.of(CONTRIBUTOR, VALIDATOR, OPERATOR);

    private Roles() {
    }

    /** Whether {@code groups} (null: no claim) grants at least one known role. */
    public static boolean anyKnown(Collection<String> groups) {
        return groups != null && groups.stream().anyMatch(ALL::contains);
    }
}
