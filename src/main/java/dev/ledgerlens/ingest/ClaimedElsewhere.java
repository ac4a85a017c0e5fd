package dev.ledgerlens.ingest;

/**
 * Not a failure: another live instance is reading this file or object now. Thrown so that Camel rolls the
 * source's exchange back (the file stays, unremembered, and is looked at again on a later poll); the error
 * policy lets it through without dead-lettering, logging or redelivery.
 */
public final class ClaimedElsewhere extends RuntimeException {
    public ClaimedElsewhere(String sourceUri) {
        super(sourceUri + " is being read by another instance", null, false, false);
    }
}
