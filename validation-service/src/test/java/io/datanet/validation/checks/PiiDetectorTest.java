package io.datanet.validation.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PiiDetectorTest {

    @Test
    void findsEachKindOfPersonalData() {
        assertEquals(List.of("pii.email"), PiiDetector.find("write to jane.doe@example.com today"));
        assertEquals(List.of("pii.phone"), PiiDetector.find("call +44 20 7946 0958 after six"));
        assertEquals(List.of("pii.phone"), PiiDetector.find("or (555) 123-4567 in the US"));
        assertEquals(List.of("pii.card"), PiiDetector.find("card 4111 1111 1111 1111 was charged"));
        assertEquals(List.of("pii.iban"), PiiDetector.find("refund to GB82 WEST 1234 5698 7654 32 please"));
        assertEquals(List.of("pii.iban"), PiiDetector.find("DE89370400440532013000"));
    }

    @Test
    void leavesOrdinaryNumbersAlone() {
        assertEquals(List.of(), PiiDetector.find("Bake at 180 degrees for 25 minutes; serves 4 people."));
        assertEquals(List.of(), PiiDetector.find("order 4111 1111 1111 1112 is not a valid card (Luhn)"));
        assertEquals(List.of(), PiiDetector.find("GB82 WEST 1234 5698 7654 33 fails the mod-97 check"));
        assertEquals(List.of(), PiiDetector.find("In 1969, 600000000 people watched the landing."));
    }
}
