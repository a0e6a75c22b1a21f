package io.tributary.source.sqlite.vtab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A sqlite-vec {@code vec0} virtual table, read from its declaration ({@code CREATE VIRTUAL TABLE t
 * USING vec0(embedding float[768] distance_metric=cosine, category text, +note text, ...)}): its
 * key and its columns, each with the shadow table that stores it. sqlite-vec keeps every value in
 * ordinary tables beside the virtual one ({@code t_rowids}, {@code t_chunks}, {@code
 * t_vector_chunksNN}, {@code t_metadatachunksNN}, {@code t_metadatatextNN}, {@code t_auxiliary}),
 * in a documented layout, so Tributary reads them without the extension ({@link Vec0ViewBuilder}).
 * The grammar is vec0's own, tried in its order: vector column, partition key, primary key,
 * auxiliary column ({@code +name}), metadata column, table option ({@code chunk_size=N}).
 *
 * @param name the virtual table's name
 * @param key the key column: a declared {@code name integer|text primary key}, else {@code rowid}
 * @param columns the other columns in declaration order
 * @param chunkSize vectors per chunk (vec0's default 1024)
 */
public record Vec0Table(String name, Column key, List<Column> columns, int chunkSize) {
  /** The name of the key column of a vec0 table that declares no primary key. */
  public static final String ROWID = "rowid";

  /** vec0's default {@code chunk_size}. */
  public static final int DEFAULT_CHUNK_SIZE = 1024;

  /** What a column is to vec0, which decides where its values are stored. */
  public enum Kind {
    /** the key: {@code t_rowids.rowid}, or {@code t_rowids.id} for a text key */
    KEY,
    /** a vector: a slot of {@code t_vector_chunksNN.vectors} */
    VECTOR,
    /** a partition key: {@code t_chunks.partitionNN} of the row's chunk */
    PARTITION,
    /** an auxiliary column ({@code +name}): {@code t_auxiliary.valueNN} */
    AUXILIARY,
    /**
     * a metadata column: a slot of {@code t_metadatachunksNN.data} (long text in t_metadatatextNN)
     */
    METADATA
  }

  /** The type of a column's values. */
  public enum Type {
    FLOAT32,
    INT8,
    BIT,
    BOOLEAN,
    INTEGER,
    FLOAT,
    TEXT,
    BLOB
  }

  /**
   * One column.
   *
   * @param name its name
   * @param kind where vec0 stores it
   * @param type its values' type
   * @param dimensions for a vector, its dimensions; else 0
   * @param index its number among the columns of its kind (the {@code NN} of its shadow table or
   *     column), from 0
   * @param declaration the argument that declares it, as written
   * @param metric for a vector, its {@code distance_metric} ({@code l2} unless declared: {@code
   *     l2}, {@code l1} or {@code cosine}); else null
   */
  public record Column(
      String name,
      Kind kind,
      Type type,
      int dimensions,
      int index,
      String declaration,
      String metric) {
    /** A column that is not a vector. */
    public Column(
        String name, Kind kind, Type type, int dimensions, int index, String declaration) {
      this(name, kind, type, dimensions, index, declaration, null);
    }

    /** Bytes of one vector in its chunk: float32 4 a dimension, int8 1, bit 1/8. */
    public int vectorBytes() {
      return switch (type) {
        case FLOAT32 -> dimensions * 4;
        case INT8 -> dimensions;
        case BIT -> dimensions / 8;
        default -> throw new IllegalStateException(name + " is not a vector column");
      };
    }
  }

  public Vec0Table {
    columns = List.copyOf(columns);
  }

  /** The shadow table of a kind, e.g. {@code suffix("rowids")} → {@code t_rowids}. */
  public String shadow(String suffix) {
    return name + "_" + suffix;
  }

  /** {@code t_vector_chunksNN}, {@code t_metadatachunksNN}, {@code t_metadatatextNN}. */
  public String shadow(String kind, int index) {
    return name + "_" + kind + String.format(Locale.ROOT, "%02d", index);
  }

  /** Whether the table's key is text ({@code id text primary key}), kept in {@code t_rowids.id}. */
  public boolean textKey() {
    return key.type() == Type.TEXT;
  }

  /** The columns of one kind, in declaration order. */
  public List<Column> columns(Kind kind) {
    return columns.stream().filter(c -> c.kind() == kind).toList();
  }

  /**
   * The shadow tables this declaration implies, in sqlite-vec's order: {@code t_info}, {@code
   * t_chunks}, {@code t_rowids}, each {@code t_vector_chunksNN}, each {@code t_metadatachunksNN}
   * (and {@code t_metadatatextNN} of a text column), then {@code t_auxiliary} when there are
   * auxiliary columns.
   */
  public List<String> shadowTables() {
    List<String> out = new ArrayList<>(List.of(shadow("info"), shadow("chunks"), shadow("rowids")));
    for (Column c : columns(Kind.VECTOR)) {
      out.add(shadow("vector_chunks", c.index()));
    }
    for (Column c : columns(Kind.METADATA)) {
      out.add(shadow("metadatachunks", c.index()));
      if (c.type() == Type.TEXT) {
        out.add(shadow("metadatatext", c.index()));
      }
    }
    if (!columns(Kind.AUXILIARY).isEmpty()) {
      out.add(shadow("auxiliary"));
    }
    return out;
  }

  /**
   * A column of a shadow table.
   *
   * @param table the shadow table
   * @param column its column
   */
  public record ShadowColumn(String table, String column) {}

  /**
   * The shadow columns sqlite-vec writes in place with blob I/O (no trigger sees it) when a row is
   * updated: every {@code t_vector_chunksNN.vectors} and {@code t_metadatachunksNN.data}.
   */
  public List<ShadowColumn> inPlaceColumns() {
    List<ShadowColumn> out = new ArrayList<>();
    for (Column c : columns(Kind.VECTOR)) {
      out.add(new ShadowColumn(shadow("vector_chunks", c.index()), "vectors"));
    }
    for (Column c : columns(Kind.METADATA)) {
      out.add(new ShadowColumn(shadow("metadatachunks", c.index()), "data"));
    }
    return out;
  }

  /**
   * Whether {@code table} is one of this table's shadow tables: those listed above, and the tables
   * later sqlite-vec versions add for approximate search ({@code t_vectorsNN}, {@code t_rescore_*},
   * {@code t_diskann_*}, {@code t_ivf_*}).
   */
  public boolean isShadow(String table) {
    if (!table.startsWith(name + "_")) {
      return false;
    }
    String suffix = table.substring(name.length() + 1);
    return Set.of("info", "chunks", "rowids", "auxiliary").contains(suffix)
        || suffix.matches("(vector_chunks|metadatachunks|metadatatext|vectors)\\d\\d")
        || suffix.matches("(rescore|diskann|ivf)_.*");
  }

  /**
   * Reads a vec0 declaration.
   *
   * @throws IllegalArgumentException naming the argument vec0 would not accept either
   */
  public static Vec0Table parse(VirtualTableDeclaration declaration) {
    if (!declaration.module().equals("vec0")) {
      throw new IllegalArgumentException(declaration.name() + " is not a vec0 table");
    }
    Column key = null;
    List<Column> columns = new ArrayList<>();
    int[] counts = new int[Kind.values().length];
    int chunkSize = DEFAULT_CHUNK_SIZE;
    for (String argument : declaration.arguments()) {
      List<String> t = tokens(argument, declaration.name());
      Column column = vector(t, argument, counts);
      if (column == null) {
        column = keyed(t, argument, counts);
      }
      if (column == null) {
        column = auxiliary(t, argument, counts);
      }
      if (column == null) {
        column = metadata(t, argument, counts);
      }
      if (column != null) {
        if (column.kind() == Kind.KEY) {
          if (key != null) {
            throw new IllegalArgumentException(
                "vec0 table " + declaration.name() + " declares two primary keys");
          }
          key = column;
        } else {
          columns.add(column);
        }
        continue;
      }
      if (t.size() == 3 && t.get(0).equalsIgnoreCase("chunk_size") && t.get(1).equals("=")) {
        chunkSize = Integer.parseInt(t.get(2));
        continue;
      }
      throw new IllegalArgumentException(
          "vec0 table "
              + declaration.name()
              + ": cannot read the column declaration '"
              + argument
              + "'");
    }
    if (columns.stream().noneMatch(c -> c.kind() == Kind.VECTOR)) {
      throw new IllegalArgumentException(
          "vec0 table " + declaration.name() + " declares no vector column");
    }
    if (key == null) {
      key = new Column(ROWID, Kind.KEY, Type.INTEGER, 0, 0, ROWID);
    }
    return new Vec0Table(declaration.name(), key, columns, chunkSize);
  }

  /** {@code name float[768] [distance_metric=cosine]}, {@code int8[n]}, {@code bit[n]}. */
  private static Column vector(List<String> t, String argument, int[] counts) {
    if (t.size() < 5 || !t.get(2).equals("[") || !t.get(4).equals("]") || !digits(t.get(3))) {
      return null;
    }
    String type = t.get(1).toLowerCase(Locale.ROOT);
    Type kind;
    if (type.startsWith("float") || type.startsWith("f32")) {
      kind = Type.FLOAT32;
    } else if (type.startsWith("int8") || type.startsWith("i8")) {
      kind = Type.INT8;
    } else if (type.startsWith("bit")) {
      kind = Type.BIT;
    } else {
      return null;
    }
    String metric = "l2";
    for (int i = 5; i + 2 < t.size(); i += 3) {
      if (t.get(i).equalsIgnoreCase("distance_metric") && t.get(i + 1).equals("=")) {
        metric = t.get(i + 2).toLowerCase(Locale.ROOT);
      }
    }
    return new Column(
        t.get(0),
        Kind.VECTOR,
        kind,
        Integer.parseInt(t.get(3)),
        counts[Kind.VECTOR.ordinal()]++,
        argument,
        metric);
  }

  /** {@code name text|int|integer partition key} and {@code name text|int|integer primary key}. */
  private static Column keyed(List<String> t, String argument, int[] counts) {
    if (t.size() != 4 || !t.get(3).equalsIgnoreCase("key")) {
      return null;
    }
    Type type = keyType(t.get(1));
    if (type == null) {
      return null;
    }
    if (t.get(2).equalsIgnoreCase("partition")) {
      return new Column(
          t.get(0), Kind.PARTITION, type, 0, counts[Kind.PARTITION.ordinal()]++, argument);
    }
    if (t.get(2).equalsIgnoreCase("primary")) {
      return new Column(t.get(0), Kind.KEY, type, 0, 0, argument);
    }
    return null;
  }

  /** {@code +name text|int|integer|float|double|blob}. */
  private static Column auxiliary(List<String> t, String argument, int[] counts) {
    if (t.size() != 3 || !t.get(0).equals("+")) {
      return null;
    }
    Type type =
        switch (t.get(2).toLowerCase(Locale.ROOT)) {
          case "text" -> Type.TEXT;
          case "int", "integer" -> Type.INTEGER;
          case "float", "double" -> Type.FLOAT;
          case "blob" -> Type.BLOB;
          default -> null;
        };
    return type == null
        ? null
        : new Column(
            t.get(1), Kind.AUXILIARY, type, 0, counts[Kind.AUXILIARY.ordinal()]++, argument);
  }

  /** {@code name boolean|integer|float|text} (and vec0's other spellings). */
  private static Column metadata(List<String> t, String argument, int[] counts) {
    if (t.size() < 2 || !identifier(t.get(0))) {
      return null;
    }
    Type type =
        switch (t.get(1).toLowerCase(Locale.ROOT)) {
          case "boolean", "bool" -> Type.BOOLEAN;
          case "int64", "integer64", "integer", "int" -> Type.INTEGER;
          case "float", "double", "float64", "f64" -> Type.FLOAT;
          case "text" -> Type.TEXT;
          default -> null;
        };
    return type == null
        ? null
        : new Column(t.get(0), Kind.METADATA, type, 0, counts[Kind.METADATA.ordinal()]++, argument);
  }

  private static Type keyType(String token) {
    return switch (token.toLowerCase(Locale.ROOT)) {
      case "text" -> Type.TEXT;
      case "int", "integer" -> Type.INTEGER;
      default -> null;
    };
  }

  /** vec0's tokens: identifiers, digit runs and the characters {@code + [ ] = ( ) ,}. */
  static List<String> tokens(String argument, String table) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < argument.length()) {
      char c = argument.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if ("+[]=(),".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        int start = i;
        while (i < argument.length()
            && (Character.isLetterOrDigit(argument.charAt(i)) || argument.charAt(i) == '_')) {
          i++;
        }
        out.add(argument.substring(start, i));
      } else {
        throw new IllegalArgumentException(
            "vec0 table " + table + ": unexpected '" + c + "' in '" + argument + "'");
      }
    }
    return out;
  }

  private static boolean digits(String token) {
    return !token.isEmpty() && token.chars().allMatch(Character::isDigit);
  }

  private static boolean identifier(String token) {
    return !token.isEmpty() && Character.isLetter(token.charAt(0));
  }
}
