package io.datanet.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiContractTest {

    @Test
    void aDocumentWithoutIdsSummariesContentOrProblemsHasGaps() {
        String document = """
                {"paths": {
                  "/api/things/{id}": {
                    "get": {"operationId": "getThing", "summary": "A thing",
                            "responses": {"200": {"content": {"application/json": {}}},
                                          "404": {"content": {"application/problem+json": {}}}}},
                    "delete": {"responses": {"204": {}, "409": {"description": "in use"}}},
                    "post": {"operationId": "touchThing", "summary": "Touch it",
                             "responses": {"200": {"description": "touched"}, "500": {"content": {"text/plain": {}}}}}
                  },
                  "/api/others": {"get": {"operationId": "listOthers", "summary": "Others", "responses": {}}}
                }}""";
        assertEquals(List.of(
                "DELETE /api/things/{id}: no operationId",
                "DELETE /api/things/{id}: no summary",
                "DELETE /api/things/{id}: 409 not a problem",
                "POST /api/things/{id}: 200 without content",
                "POST /api/things/{id}: 500 not a problem",
                "GET /api/others: no success response"), OpenApiContract.gaps(document));
    }
}
