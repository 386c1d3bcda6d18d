package io.datanet.systemtests;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link Pipeline} for the test classes that only read and add to the platform's state, started by the first that
 * asks ({@code @ExtendWith(SharedPipeline.class)}, a {@link RedTeam} parameter: its team, on its pipeline) and closed
 * when the run ends: a pipeline start (a broker and four services) is most of a minute on two cores. A class that ends
 * the pipeline's life, as a backup test that stops the services does, asks for a {@link Handover} instead: it then owns
 * the team and its pipeline, if one was started, and a class asking after that gets a new one.
 */
final class SharedPipeline implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedPipeline.class);

    /** Closes the pipeline when JUnit closes the root store, at the end of the run. */
    private record Run(RedTeam team) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            team.pipeline().close();
        }
    }

    /** The shared team, now the receiver's to close; {@code null} when no class started one. */
    record Handover(RedTeam team) {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == RedTeam.class || type == Handover.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == Handover.class) {
            Run run = store(context).remove(Run.class, Run.class);
            return new Handover(run == null ? null : run.team());
        }
        return store(context).getOrComputeIfAbsent(Run.class, key -> new Run(new RedTeam(Pipeline.startTraced())), Run.class)
                .team();
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE);
    }
}
