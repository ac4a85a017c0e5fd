package dev.ledgerlens.cli;

import dev.ledgerlens.app.Application;
import dev.ledgerlens.validate.RecordStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code ledgerlens review approve|reject ID…}: a reviewer's decision on stored records. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "Approves or rejects stored records (exports take valid and approved records by default).")
public final class ReviewCommand implements Callable<Integer> {
    enum Decision { approve, reject }

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", description = "approve or reject")
    Decision decision;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID", description = "Document ids (from export or status).")
    List<Long> ids;

    @Override
    public Integer call() {
        RecordStatus status = decision == Decision.approve ? RecordStatus.APPROVED : RecordStatus.REJECTED;
        int missing = 0;
        try (Application application = common.open()) {
            for (long id : ids) {
                if (application.reviews().setReviewStatus(id, status)) {
                    System.out.println("document " + id + ": " + status.label());
                } else {
                    System.err.println("document " + id + ": no stored record with this id");
                    missing++;
                }
            }
        }
        return missing == 0 ? ExitCodes.OK : ExitCodes.USAGE;
    }
}
