package io.datanet.systemtests;

import java.nio.file.Path;
import java.util.List;

/** The four services as the system tests run them: each from its module's packaged jar, with its own JVM options. */
enum Service {
    UPLOAD("upload-service"),
    VALIDATION("validation-service"),
    REPUTATION("reputation-service"),
    // The trainer's matrix kernels use the JDK's Vector API (as ./datanet up and the module's own kill test run it).
    TRAINING("training-service", "--add-modules=jdk.incubator.vector");

    private final String module;
    private final List<String> jvmOptions;

    Service(String module, String... jvmOptions) {
        this.module = module;
        this.jvmOptions = List.of(jvmOptions);
    }

    String module() {
        return module;
    }

    List<String> jvmOptions() {
        return jvmOptions;
    }

    /** {@code ../<module>/target/quarkus-app/quarkus-run.jar}: this module runs in system-tests/, after the services are packaged. */
    Path jar() {
        return Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar");
    }
}
