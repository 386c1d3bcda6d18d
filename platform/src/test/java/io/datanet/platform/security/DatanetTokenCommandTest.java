package io.datanet.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code ./datanet token} makes tokens the services accept (the audience, a lifetime within the 24 h bound, claims
 * that pass {@link TokenRules}) and refuses a {@code --ttl} the services would refuse. (It signs with the local key
 * under .datanet/jwt, made on first use, so the signature is not what is checked here.)
 */
class DatanetTokenCommandTest {

    private static final Path SCRIPT = Path.of("..", "datanet").toAbsolutePath().normalize();

    @Test
    void itsTokensCarryTheAudienceALifetimeWithinTheBoundAndPassTheClaimRules() throws Exception {
        Result result = run("--sub", "alice", "--role", "validator");
        assertEquals(0, result.exit(), result.output());
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(result.output().strip().split("\\.")[1]));
        assertEquals("datanet", claims.path("aud").asText());
        assertEquals(86400, claims.path("exp").asLong() - claims.path("iat").asLong(), "the default --ttl is the bound");
        Set<String> groups = new HashSet<>();
        claims.path("groups").forEach(g -> groups.add(g.asText()));
        assertNull(TokenRules.whyNot(claims.path("sub").asText(), groups, claims.path("iat").asLong(), Instant.now(),
                Duration.ofSeconds(60)));
    }

    @Test
    void aTtlBeyondTheBoundIsRefused() throws Exception {
        for (String ttl : List.of("86401", "3153600000", "0", "-5", "1h")) {
            assertNotEquals(0, run("--sub", "alice", "--role", "contributor", "--ttl", ttl).exit(), "--ttl " + ttl);
        }
        assertEquals(0, run("--sub", "alice", "--role", "contributor", "--ttl", "86400").exit());
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "token"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(SCRIPT.getParent().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }
}
