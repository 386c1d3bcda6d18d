package io.datanet.reputation;

import static io.datanet.platform.testing.RawHttp.bearer;
import static io.datanet.platform.testing.RawHttp.json;
import static io.datanet.platform.testing.AbuseCases.printable;
import static io.datanet.platform.testing.HostileInputs.randomBytes;
import static io.datanet.platform.testing.RawHttp.raw;
import static org.awaitility.Awaitility.await;

import io.datanet.events.CloudEvent;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.HostileInputs;
import io.datanet.platform.testing.RawHttp;
import io.datanet.platform.testing.AbuseCases;
import io.datanet.platform.testing.AbuseCases.Endpoint;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile requests to every endpoint of reputation-service (the leaderboard, a contributor's standing, the
 * operators' rebuild): odd query and path parameters, bodies where none belong, the wrong methods, forged, expired
 * and misplaced tokens. Each gets the right 4xx as problem JSON, no standing changes, and the service stays ready.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class AbuseTest {

    /** The size of the table below; RELIABILITY.md reports it. */
    static final int CASES = 139;

    @Inject
    TopicNames topics;

    @TestFactory
    Stream<DynamicTest> hostileRequestsAreRefusedAndChangeNoStanding() throws Exception {
        String datanet = "d-" + UUID.randomUUID();
        String victim = "victim-" + UUID.randomUUID();
        String attacker = "attacker-" + UUID.randomUUID();
        String upload = "u-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", upload, new UploadValidated(
                upload, datanet, victim, 1, Verdict.ACCEPTED, VerdictSource.VALIDATION, 0.9, 10, 10, Map.of(), null, null,
                null, null, Instant.now())));
        String viewer = TestTokens.contributor(attacker);
        await().atMost(Duration.ofSeconds(30)).until(() -> json("GET", "/api/contributors/" + victim, viewer, null).status() == 200);

        String auditor = TestTokens.contributor("auditor");
        AbuseCases cases = new AbuseCases("reputation-service", () -> state(victim, datanet, auditor));
        String board = "/api/leaderboard";
        String contributors = "/api/contributors/";
        String rebuild = "/api/admin/rebuild";

        // GET /api/leaderboard: odd query parameters, wrong methods
        cases.expect("leaderboard: page -1", 400, () -> json("GET", board + "?page=-1", viewer, null));
        cases.expect("leaderboard: size 0", 400, () -> json("GET", board + "?size=0", viewer, null));
        cases.expect("leaderboard: size 101", 400, () -> json("GET", board + "?size=101", viewer, null));
        cases.expect("leaderboard: page not a number", 400, () -> json("GET", board + "?page=first", viewer, null));
        cases.expect("leaderboard: size as a decimal", 400, () -> json("GET", board + "?size=2.5", viewer, null));
        cases.expect("leaderboard: page past the int range", 400, () -> json("GET", board + "?page=99999999999999", viewer, null));
        cases.expect("leaderboard: a page whose offset overflows", 400, () -> json("GET", board + "?page=2147483647&size=100", viewer, null));
        cases.expect("leaderboard: a page whose offset overflows, of a datanet", 400, () -> json("GET",
                board + "?datanet=" + datanet + "&page=21474837&size=100", viewer, null));
        cases.expect("leaderboard: a datanet filter with NUL", 400, () -> json("GET", board + "?datanet=%00", viewer, null));
        cases.expect("leaderboard: a datanet filter with CR LF", 400, () -> json("GET", board + "?datanet=a%0D%0Ab", viewer, null));
        cases.expect("leaderboard: POST", 405, () -> json("POST", board, viewer, "{}"));
        cases.expect("leaderboard: DELETE", 405, () -> json("DELETE", board, viewer, null));

        // GET /api/contributors/{id}: odd ids and parameters, wrong methods
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("contributor id " + printable(id), status,
                () -> json("GET", contributors + id, viewer, null)));
        cases.expect("contributor id with NUL, without a token (authentication first)", 401,
                () -> json("GET", contributors + "%00", null, null));
        cases.expect("contributor: page -3", 400, () -> json("GET", contributors + victim + "?page=-3", viewer, null));
        cases.expect("contributor: size 1000", 400, () -> json("GET", contributors + victim + "?size=1000", viewer, null));
        cases.expect("contributor: size not a number", 400, () -> json("GET", contributors + victim + "?size=%00", viewer, null));
        cases.expect("contributor: a page whose offset overflows", 400, () -> json("GET",
                contributors + victim + "?page=2147483647&size=100", viewer, null));
        cases.expect("contributor: PUT", 405, () -> json("PUT", contributors + victim, viewer, "{\"score\":1}"));
        cases.expect("contributor: DELETE", 405, () -> json("DELETE", contributors + victim, viewer, null));

        // POST /api/admin/rebuild: operators only, whatever the body or the parameters
        for (Map.Entry<String, String> role : Map.of("a contributor", TestTokens.contributor(attacker),
                "a validator", TestTokens.validator(attacker), "the contributor concerned", TestTokens.contributor(victim)).entrySet()) {
            cases.expect("rebuild by " + role.getKey(), 403, () -> json("POST", rebuild, role.getValue(), null));
            cases.expect("rebuild with swap by " + role.getKey(), 403, () -> json("POST", rebuild + "?swap=true", role.getValue(), null));
        }
        cases.expect("rebuild by a contributor, random bytes", 403, () -> raw("POST", rebuild, viewer, "application/octet-stream", randomBytes(4096)));
        cases.expect("rebuild by a contributor, 6 MB of JSON", 403, () -> json("POST", rebuild + "?swap=true", viewer,
                "{\"swap\":\"" + "s".repeat(6 << 20) + "\"}"));
        cases.expect("rebuild: GET", 405, () -> json("GET", rebuild, TestTokens.operator(attacker), null));
        cases.expect("rebuild: swap=%00", 400, () -> json("POST", rebuild + "?swap=%00", TestTokens.operator(attacker), null));

        // Tokens, on every /api endpoint
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("GET /api/leaderboard", auth -> RawHttp.send("GET", board, auth, null, null, Map.of()));
        endpoints.put("GET /api/leaderboard?datanet=", auth -> RawHttp.send("GET", board + "?datanet=" + datanet, auth, null, null, Map.of()));
        endpoints.put("GET /api/contributors/{id}", auth -> RawHttp.send("GET", contributors + victim, auth, null, null, Map.of()));
        endpoints.put("POST /api/admin/rebuild?swap=true", auth -> RawHttp.send("POST", rebuild + "?swap=true", auth, null, null, Map.of()));
        cases.expectEach(401, HostileInputs.forgedAuthorizations(attacker), endpoints);
        cases.expectEach(401, HostileInputs.tokensBreakingTheRules(attacker), endpoints);
        cases.expectRefusedByTheHttpLayer("/api/contributors", bearer(viewer));
        return cases.finish(CASES);
    }

    /** What no refused request may change: the victim's standing and history, the datanet's leaderboard. */
    private static String state(String victim, String datanet, String auditorToken) {
        var standing = RawHttp.probe("/api/contributors/" + victim, auditorToken);
        var leaderboard = RawHttp.probe("/api/leaderboard?datanet=" + datanet, auditorToken);
        return "accepted=" + standing.at("/overall/accepted").asInt() + " rejected="
                + standing.at("/overall/rejected").asInt() + " history=" + standing.at("/history/total").asInt()
                + " board=" + leaderboard.path("items").findValuesAsText("contributorId");
    }
}
