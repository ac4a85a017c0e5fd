package dev.ledgerlens.extract.openai;

import java.util.ArrayList;
import java.util.List;

/**
 * What is sent in one request, independent of the wire API: instructions, the user's text and page
 * images, then any earlier answer and follow-up (the re-ask). Immutable.
 *
 * @param system    the system prompt
 * @param userText  the user text that introduces the pages
 * @param images    one {@code data:} URL per page, in page order
 * @param turns     earlier answers with the user's reply to each, in order
 */
record Conversation(String system, String userText, List<String> images, List<Turn> turns) {

    /** One earlier answer of the model and what the user said back. */
    record Turn(String answer, String followUp) {
    }

    Conversation {
        images = List.copyOf(images);
        turns = List.copyOf(turns);
    }

    Conversation followedBy(String answer, String followUp) {
        List<Turn> more = new ArrayList<>(turns);
        more.add(new Turn(answer, followUp));
        return new Conversation(system, userText, images, more);
    }
}
