package io.datanet.platform.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AllowedMethodsTest {

    @Test
    void templatesMatchAsJakartaRestMatchesThem() {
        Pattern upload = AllowedMethods.templatePattern("/api/uploads", "{id}/withdraw");
        assertTrue(upload.matcher("/api/uploads/3f2a/withdraw").matches());
        assertTrue(upload.matcher("/api/uploads/3f2a/withdraw/").matches());
        assertFalse(upload.matcher("/api/uploads/3f2a/b/withdraw").matches(), "a plain parameter is one segment");
        assertFalse(upload.matcher("/api/uploads/3f2a").matches());

        Pattern file = AllowedMethods.templatePattern("api/jobs/", "/{id}/files/{path: .+}");
        assertTrue(file.matcher("/api/jobs/7/files/adapter/adapter_model.safetensors").matches());
        Pattern digits = AllowedMethods.templatePattern("/api/x", "{n: [0-9]{1,3}}");
        assertTrue(digits.matcher("/api/x/123").matches());
        assertFalse(digits.matcher("/api/x/1234").matches());

        Pattern root = AllowedMethods.templatePattern("/api/quota", "");
        assertTrue(root.matcher("/api/quota").matches());
        assertFalse(root.matcher("/api/quota.json").matches(), "literal text is quoted, not a pattern");
    }
}
