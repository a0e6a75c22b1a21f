package io.tributary.orchestrator.window;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.plan.CutoverAction;
import io.tributary.orchestrator.freeze.PgBouncerConfigFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a cutover's switch actions are about to replace (a PgBouncer database entry, an env file's
 * text), read before the switch and recorded with the fallback window, so that a fallback's switch
 * back can put it back.
 */
public final class SwitchOrigins {
  private SwitchOrigins() {}

  /**
   * What each action is about to replace, as JSON: one element per action, in order ({@code
   * {"entry": ...}} for PgBouncer, {@code {"content": ...}} for an env file, null when it did not
   * exist, {@code {}} for the others).
   */
  public static String of(List<CutoverAction> actions) {
    ArrayNode out = ChangeEventCodec.MAPPER.createArrayNode();
    for (CutoverAction action : actions) {
      ObjectNode o = out.addObject();
      if (action instanceof CutoverAction.PgBouncer p) {
        o.put("entry", PgBouncerConfigFile.read(p.config()).database(p.database()).orElse(null));
      } else if (action instanceof CutoverAction.EnvFile e) {
        Path file = e.path().toAbsolutePath();
        try {
          o.put("content", Files.exists(file) ? Files.readString(file) : null);
        } catch (IOException ex) {
          throw new UncheckedIOException("cannot read " + file, ex);
        }
      }
    }
    return out.toString();
  }
}
