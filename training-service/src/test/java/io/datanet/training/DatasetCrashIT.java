package io.datanet.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datanet.events.CloudEvent;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.UploadWithdrawn;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.testing.IsolatedEnvironment;
import io.datanet.platform.testing.ServiceProcess;
import io.datanet.platform.testing.TestEvents;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL training-service twice while verdicts, overrides and withdrawals stream in (withdrawals on a topic of their
 * own, so they arrive before, between or after their upload's verdicts): afterwards its dataset holds exactly the
 * uploads whose latest verdict accepts them and that were not withdrawn, and nothing was parked.
 */
class DatasetCrashIT {

    static final int UPLOADS = 400;

    @Test
    void killedWhileVerdictsAndWithdrawalsStreamInItsDatasetIsExact() throws Exception {
        try (IsolatedEnvironment environment = IsolatedEnvironment.create()) {
            Map<String, String> config = new HashMap<>(environment.config());
            config.put("datanet.training.auto.enabled", "false");   // the dataset alone
            config.put("mp.messaging.incoming.\"datanet.training.jobs.v1\".enabled", "false");
            String verdicts = environment.topic(Topics.UPLOADS_VALIDATED);
            String withdrawals = environment.topic(Topics.UPLOADS_WITHDRAWN);
            Set<String> expected = new TreeSet<>();
            for (int i = 0; i < UPLOADS; i++) {
                String upload = "u-" + i;
                String contributor = "c-" + (i % 7);
                boolean accepted = i % 4 != 0;
                publish(verdicts, upload, contributor, 1, accepted);
                if (i % 9 == 0) {   // a validator flips it
                    accepted = !accepted;
                    publish(verdicts, upload, contributor, 2, accepted);
                }
                boolean withdrawn = i % 5 == 2;
                if (withdrawn) {
                    TestEvents.publish(withdrawals, CloudEvent.of("/test", upload, new UploadWithdrawn(upload,
                            "d-crash", contributor, contributor, UploadWithdrawn.Reason.WITHDRAWN, Instant.now())));
                }
                if (accepted && !withdrawn) {
                    expected.add(upload);
                }
            }

            try (ServiceProcess service = ServiceProcess.start("training-service", config)) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> rows(environment) >= 40);
                service.kill();
                service.restart();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> rows(environment) >= UPLOADS / 2);
                service.kill();
                service.restart();
                Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> rows(environment) == UPLOADS
                        && withdrawnRows(environment) == UPLOADS / 5 && settledVersions(environment));

                assertEquals(expected, active(environment), "active: accepted by their latest verdict, not withdrawn");
                for (String topic : Set.of(verdicts, withdrawals)) {
                    assertEquals(0, TestEvents.readAll(Topics.deadLetter(topic)).size(), "nothing parked from " + topic);
                }
            }
        }
    }

    private static void publish(String topic, String upload, String contributor, int version, boolean accepted) {
        TestEvents.publish(topic, CloudEvent.of("/test", upload, new UploadValidated(upload, "d-crash", contributor,
                version, accepted ? Verdict.ACCEPTED : Verdict.REJECTED,
                version == 1 ? VerdictSource.VALIDATION : VerdictSource.VALIDATOR_REVIEW, 0.9, 3, accepted ? 3 : 0,
                Map.of(), accepted ? "sha256:" + "cd".repeat(32) : null, accepted ? "cd".repeat(32) : null, null, null,
                Instant.now())));
    }

    private static long rows(IsolatedEnvironment environment) throws Exception {
        return count(environment, "SELECT count(*) FROM dataset_upload WHERE verdict IS NOT NULL");
    }

    private static long withdrawnRows(IsolatedEnvironment environment) throws Exception {
        return count(environment, "SELECT count(*) FROM dataset_upload WHERE withdrawn_at IS NOT NULL");
    }

    /** Every flipped upload (every ninth) is at its second verdict version. */
    private static boolean settledVersions(IsolatedEnvironment environment) throws Exception {
        return count(environment, "SELECT count(*) FROM dataset_upload WHERE verdict_version = 2") == (UPLOADS + 8) / 9;
    }

    private static long count(IsolatedEnvironment environment, String sql) throws Exception {
        try (Connection db = environment.connect(); ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Set<String> active(IsolatedEnvironment environment) throws Exception {
        Set<String> ids = new TreeSet<>();
        try (Connection db = environment.connect();
             ResultSet rows = db.createStatement().executeQuery("SELECT upload_id FROM dataset_upload WHERE active")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
