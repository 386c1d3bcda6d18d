package io.datanet.upload.datanet;

import java.util.Set;
import java.util.TreeSet;

/**
 * The licences a datanet may name: Hugging Face's licence identifiers that fit data (the {@code license:} of a dataset
 * card), so an export's card is one the Hub accepts. {@code other} for a licence not listed (the description then
 * says which), {@code unknown} when the owner has not said.
 */
final class Licenses {

    static final String UNKNOWN = io.datanet.events.DatanetDefined.UNKNOWN_LICENSE;

    static final Set<String> KNOWN = new TreeSet<>(Set.of(
            "cc0-1.0", "cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc-by-nc-sa-4.0", "cc-by-nd-4.0",
            "cc-by-nc-nd-4.0", "cc-by-3.0", "cc-by-sa-3.0", "odc-by", "odbl", "pddl", "cdla-permissive-2.0",
            "cdla-sharing-1.0", "apache-2.0", "mit", "bsd-3-clause", "gpl-3.0", "openrail", "other", UNKNOWN));

    private Licenses() {
    }
}
