package io.datanet.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ProblemTypePagesTest {

    private final ProblemTypePages pages = new ProblemTypePages();

    @Test
    void everyKindInTheCatalogueIsAnErrorWithItsMeaningAndWhatToDo() {
        ProblemTypePages.CATALOGUE.forEach((slug, type) -> {
            assertTrue(slug.matches("[a-z0-9]+(-[a-z0-9]+)*"), slug);
            assertTrue(type.status() >= 400 && type.status() <= 599, slug);
            assertFalse(type.title().isBlank(), slug);
            assertFalse(type.meaning().isBlank(), slug);
            assertFalse(type.action().isBlank(), slug);
        });
    }

    /** The kinds ProblemMappers name after a status's reason phrase (Problem.slugOf) have pages too. */
    @Test
    void theStatusNamedKindsTheMappersAnswerWithHavePages() {
        for (Response.Status status : new Response.Status[] {Response.Status.BAD_REQUEST, Response.Status.NOT_FOUND,
                Response.Status.METHOD_NOT_ALLOWED, Response.Status.NOT_ACCEPTABLE,
                Response.Status.UNSUPPORTED_MEDIA_TYPE, Response.Status.REQUEST_ENTITY_TOO_LARGE,
                Response.Status.TOO_MANY_REQUESTS, Response.Status.SERVICE_UNAVAILABLE}) {
            assertTrue(ProblemTypePages.CATALOGUE.containsKey(Problem.slugOf(status)), Problem.slugOf(status));
        }
    }

    @Test
    void aPageSaysWhatTheProblemMeansWithItsMarkupEscaped() {
        String page = pages.page("quota-exceeded");
        assertTrue(page.contains("<h1>Quota exceeded</h1>"), page);
        assertTrue(page.contains("HTTP 429 Too Many Requests"), page);
        assertTrue(page.contains("<code>limit</code>"), "backticks become code: " + page);
    }

    @Test
    void anUnknownKindIsNotFound() {
        ProblemException missing = assertThrows(ProblemException.class, () -> pages.page("no-such-kind"));
        assertEquals(404, missing.toProblem().getStatus());
    }
}
