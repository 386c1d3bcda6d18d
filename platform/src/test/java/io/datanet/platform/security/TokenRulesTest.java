package io.datanet.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The claim rules alone; every service's AbuseTest sends tokens that break them to every endpoint. */
class TokenRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final long IAT = NOW.getEpochSecond();

    @Test
    void anIdSubjectWithAKnownRoleIssuedUpToNowPlusTheSkewPasses() {
        assertNull(TokenRules.whyNot("alice", Set.of("contributor"), IAT, NOW, SKEW));
        assertNull(TokenRules.whyNot("alice", Set.of("admin", "operator"), IAT + 60, NOW, SKEW));
    }

    @Test
    void eachRuleNamesWhatIsWrong() {
        assertEquals("the token has no sub claim", TokenRules.whyNot(null, Set.of("contributor"), IAT, NOW, SKEW));
        assertEquals("the token's sub must not be empty", TokenRules.whyNot("", Set.of("contributor"), IAT, NOW, SKEW));
        assertEquals("the token's groups claim names none of the roles contributor, operator, validator",
                TokenRules.whyNot("alice", Set.of("admin"), IAT, NOW, SKEW));
        assertEquals("the token's groups claim names none of the roles contributor, operator, validator",
                TokenRules.whyNot("alice", null, IAT, NOW, SKEW));
        assertEquals("the token's iat is in the future", TokenRules.whyNot("alice", Set.of("validator"), IAT + 61, NOW, SKEW));
    }
}
