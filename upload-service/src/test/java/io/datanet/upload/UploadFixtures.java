package io.datanet.upload;

import static io.restassured.RestAssured.given;

import io.datanet.platform.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Requests the upload tests share. */
final class UploadFixtures {

    private UploadFixtures() {
    }

    static String newContributor() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String createDatanet(String owner, String reviewMode) {
        return given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON)
                .body("{\"name\":\"Recipes\",\"reviewMode\":\"" + reviewMode + "\"}")
                .when().post("/api/datanets").then().statusCode(201).extract().path("id");
    }

    static String jsonl(String seed) {
        return "{\"text\":\"A careful note about " + seed + ": simmer the stock gently for an hour.\"}\n"
                + "{\"text\":\"Another line about " + seed + " and how to season it well.\"}\n";
    }

    static Response upload(String contributor, String datanetId, String fileName, byte[] content) {
        return given().auth().oauth2(TestTokens.contributor(contributor))
                .multiPart("file", fileName, content, "application/octet-stream")
                .when().post("/api/datanets/" + datanetId + "/uploads");
    }

    static Response upload(String contributor, String datanetId, String fileName, String content) {
        return upload(contributor, datanetId, fileName, content.getBytes(StandardCharsets.UTF_8));
    }
}
