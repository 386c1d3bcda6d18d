package io.datanet.upload.datanet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datanet.testkit.Checkout;
import java.nio.file.Files;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's licence choices are exactly the licences the service accepts, so every datanet's shows and keeps. */
class LicensesTest {

    @Test
    void theConsoleOffersEveryLicenceTheServiceTakesAndNoOther() throws Exception {
        String page = Files.readString(Checkout.root().resolve("console/src/main/webui/src/pages/datanets.js"));
        Matcher list = Pattern.compile("const LICENSES = \\[(.*?)\\];", Pattern.DOTALL).matcher(page);
        list.find();
        TreeSet<String> offered = new TreeSet<>();
        Matcher id = Pattern.compile("\\['([a-z0-9.+-]+)',").matcher(list.group(1));
        while (id.find()) {
            offered.add(id.group(1));
        }
        assertEquals(new TreeSet<>(Licenses.KNOWN), offered);
    }
}
