package io.datanet.reputation;

import io.datanet.reputation.ledger.Ledger;
import io.datanet.reputation.score.Decay;
import io.datanet.reputation.score.ScoreFormula;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The pure scoring pieces as beans, and "now" as an injectable clock (tests replace it to fix time). */
public class ReputationBeans {

    @Produces
    @Singleton
    Decay decay(ReputationConfig config) {
        return new Decay(config.halfLife());
    }

    @Produces
    @Singleton
    ScoreFormula formula(Decay decay, ReputationConfig config) {
        return new ScoreFormula(decay, config.attributionScale());
    }

    @Produces
    @Singleton
    Ledger ledger(Decay decay) {
        return new Ledger(decay);
    }

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
