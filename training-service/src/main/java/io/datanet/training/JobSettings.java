package io.datanet.training;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** application.properties {@code datanet.training.*}: what jobs may ask for, and the automatic trigger's defaults. */
@ConfigMapping(prefix = "datanet.training")
public interface JobSettings {

    /** Built-in base models jobs may name; the first is the default of automatic jobs and of requests naming none. */
    List<String> baseModels();

    /**
     * A folder (a mounted volume) whose every sub-folder holding a Hugging Face checkpoint and its tokenizer is a
     * base model named by the sub-folder ({@link io.datanet.training.basemodel.BaseModelCatalog}).
     */
    java.util.Optional<String> modelDirectory();

    /** Share of each snapshot's records held out for validation. */
    @WithDefault("0.2")
    double validationFraction();

    Auto auto();

    /** How exports are laid out. */
    Export export();

    interface Export {
        /** Each config's rows are cut into JSONL shards of about this many bytes (256 MiB, as the Hub's own). */
        @WithDefault("268435456")
        long shardBytes();
    }

    /** How much one datanet and one person may have the worker do (README, "Limits"). */
    Limits limits();

    interface Limits {
        /** Queued and running jobs of one datanet, automatic ones included; operators are held to it too. */
        @WithDefault("2")
        int activeJobsPerDatanet();

        /** Queued and running jobs one person requested, over all datanets; operators are exempt. */
        @WithDefault("3")
        int activeJobsPerRequester();

        /**
         * Compute units ({@link io.datanet.training.limits.ComputeCost}) of the jobs one person may queue per UTC
         * day at tier NEW; scaled by {@link io.datanet.events.Tier#multiplier()}. Operators are exempt.
         */
        @WithDefault("20000")
        long computePerDay();
    }

    interface Auto {
        /** Whether datanets get automatic jobs at all. */
        @WithDefault("true")
        boolean enabled();

        /** Accepted records a datanet must gain since its last job's snapshot before the next automatic job. */
        @WithDefault("200")
        int minNewRecords();

        /**
         * How often the trigger looks for datanets noted due whose job was not queued yet (the service stopped between
         * the verdicts' commit and the job's); a note is otherwise acted on right after its commit.
         */
        @WithDefault("10s")
        java.time.Duration sweepInterval();

        @WithDefault("LORA")
        String method();

        @WithDefault("8")
        int rank();

        @WithDefault("16")
        double alpha();

        @WithDefault("0.05")
        double dropout();

        @WithDefault("c_attn,c_proj,c_fc")
        List<String> targetModules();

        @WithDefault("0.002")
        double learningRate();

        @WithDefault("1")
        int epochs();

        @WithDefault("8")
        int batchSize();

        @WithDefault("42")
        long seed();
    }
}
