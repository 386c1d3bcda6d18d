package io.datanet.testkit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The architecture rule every module holds its own main classes to: no cycle between its packages. A cycle means
 * neither package can be understood, tested or moved without the other; a newcomer reading one finds the other's
 * concepts inside it. Every package below the root is its own slice ({@code a.b} and {@code a.b.c} are two).
 */
public final class PackageCycles {
    private PackageCycles() {
    }

    /**
     * Fails, naming each cycle and the dependencies that make it, when the packages below {@code rootPackage} among
     * the classes compiled into {@code classesDir} (a module's {@code target/classes}) depend in a circle.
     */
    public static void assertNone(Path classesDir, String rootPackage) {
        if (!Files.isDirectory(classesDir)) throw new AssertionError(classesDir + " is missing: build the module first");
        JavaClasses classes = new ClassFileImporter().importPath(classesDir);
        if (classes.stream().noneMatch(c -> c.getPackageName().startsWith(rootPackage))) {
            throw new AssertionError("no class of " + rootPackage + " in " + classesDir);
        }
        SlicesRuleDefinition.slices().matching(rootPackage + ".(**)").should().beFreeOfCycles()
                .because("a package cycle ties concepts together that should be read and changed apart")
                .allowEmptyShould(true) // a module whose classes all sit in its root package has no cycle to find
                .check(classes);
    }
}
