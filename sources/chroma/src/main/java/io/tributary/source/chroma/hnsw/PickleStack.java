package io.tributary.source.chroma.hnsw;

import io.tributary.source.chroma.hnsw.PickleReader.Global;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unpickler's object model: its stack, marks and memo, and the Python values on them (dicts,
 * lists, tuples, class references, objects made by NEWOBJ until BUILD gives them their state). A
 * built object stands for its state dict; an object never built for an empty dict.
 */
final class PickleStack {
  /** An object made by NEWOBJ, until BUILD gives it its state. */
  private static final class PyObject {
    private final Global type;
    private Map<Object, Object> state;

    PyObject(Global type) {
      this.type = type;
    }
  }

  private final PickleErrors errors;
  private final List<Object> stack = new ArrayList<>();
  private final Deque<Integer> marks = new ArrayDeque<>();
  private final Map<Long, Object> memo = new HashMap<>();

  PickleStack(PickleErrors errors) {
    this.errors = errors;
  }

  void mark() {
    marks.push(stack.size());
  }

  void push(Object value) {
    stack.add(value);
  }

  Object pop() throws HnswFormatException {
    if (stack.isEmpty() || (!marks.isEmpty() && marks.peek() >= stack.size())) {
      throw errors.opError("the stack is empty");
    }
    return resolve(stack.remove(stack.size() - 1));
  }

  /** SETITEM: a key and value into the dict below them. */
  void setItem() throws HnswFormatException {
    Object value = pop();
    Object key = pop();
    dict(peek()).put(key, value);
  }

  /** SETITEMS: the keys and values since the MARK into the dict below it. */
  void setItems() throws HnswFormatException {
    List<Object> items = popMark();
    if (items.size() % 2 != 0) {
      throw errors.opError("an odd number of items (" + items.size() + ") after the MARK");
    }
    Map<Object, Object> dict = dict(peek());
    for (int i = 0; i < items.size(); i += 2) {
      dict.put(items.get(i), items.get(i + 1));
    }
  }

  /** APPEND: a value onto the list below it. */
  void append() throws HnswFormatException {
    Object value = pop();
    list(peek()).add(value);
  }

  /** APPENDS: the values since the MARK onto the list below it. */
  void appends() throws HnswFormatException {
    List<Object> items = popMark();
    list(peek()).addAll(items);
  }

  /** MEMOIZE: the top value into the next memo entry. */
  void memoize() throws HnswFormatException {
    memo.put((long) memo.size(), peek());
  }

  /** BINPUT / LONG_BINPUT: the top value into a memo entry. */
  void memoPut(long index) throws HnswFormatException {
    memo.put(index, peek());
  }

  /** BINGET / LONG_BINGET: a memo entry onto the stack. */
  void memoGet(long index) throws HnswFormatException {
    if (!memo.containsKey(index)) {
      throw errors.opError("memo entry " + index + " was never stored");
    }
    Object value = memo.get(index);
    if (value instanceof PyObject object && object.state != null) {
      push(object.state);
    } else {
      push(value);
    }
  }

  /** STACK_GLOBAL: the module and name on the stack as a class reference. */
  void stackGlobal() throws HnswFormatException {
    Object name = pop();
    Object module = pop();
    if (!(module instanceof String m) || !(name instanceof String n)) {
      throw errors.opError(
          "module and name must be strings, not " + typeOf(module) + ", " + typeOf(name));
    }
    push(new Global(m, n));
  }

  /** NEWOBJ: an object of the class on the stack (its arguments are not needed). */
  void newObj() throws HnswFormatException {
    Object args = pop();
    Object type = pop();
    if (!(type instanceof Global g)) {
      throw errors.opError("the class is a " + typeOf(type) + ", not a class reference");
    }
    if (!(args instanceof List)) {
      throw errors.opError("the arguments are a " + typeOf(args) + ", not a tuple");
    }
    push(new PyObject(g));
  }

  /** BUILD: the object below the state gets it, and stands for it from now on. */
  void build() throws HnswFormatException {
    Object state = pop();
    Object target = peek();
    if (!(target instanceof PyObject object)) {
      throw errors.opError(
          "the object to build is a " + typeOf(target) + ", not one made by NEWOBJ");
    }
    if (!(state instanceof Map<?, ?>)) {
      throw errors.opError(
          "the state of "
              + object.type.module()
              + "."
              + object.type.name()
              + " is a "
              + typeOf(state)
              + ", not a dict");
    }
    @SuppressWarnings("unchecked")
    Map<Object, Object> dict = (Map<Object, Object>) state;
    object.state = dict;
    stack.set(stack.size() - 1, dict);
  }

  /** TUPLE1/2/3: the top {@code n} values as a tuple. */
  List<Object> tuple(int n) throws HnswFormatException {
    if (stack.size() < n) {
      throw errors.opError("the stack holds " + stack.size() + " values, " + n + " needed");
    }
    List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
    stack.subList(stack.size() - n, stack.size()).clear();
    items.replaceAll(PickleStack::resolve);
    return Collections.unmodifiableList(items);
  }

  /** The values since the last MARK, taken off the stack with the MARK. */
  List<Object> popMark() throws HnswFormatException {
    if (marks.isEmpty()) {
      throw errors.opError("no MARK before it");
    }
    int from = marks.pop();
    if (from > stack.size()) {
      throw errors.opError("the MARK lies above the top of the stack");
    }
    List<Object> items = new ArrayList<>(stack.subList(from, stack.size()));
    stack.subList(from, stack.size()).clear();
    items.replaceAll(PickleStack::resolve);
    return items;
  }

  private Object peek() throws HnswFormatException {
    if (stack.isEmpty() || (!marks.isEmpty() && marks.peek() >= stack.size())) {
      throw errors.opError("the stack is empty");
    }
    return stack.get(stack.size() - 1);
  }

  /** A built object stands for its state; an object never built for an empty dict. */
  private static Object resolve(Object value) {
    if (value instanceof PyObject object) {
      if (object.state == null) {
        object.state = new LinkedHashMap<>();
      }
      return object.state;
    }
    return value;
  }

  private Map<Object, Object> dict(Object value) throws HnswFormatException {
    if (value instanceof Map<?, ?>) {
      @SuppressWarnings("unchecked")
      Map<Object, Object> dict = (Map<Object, Object>) value;
      return dict;
    }
    throw errors.opError("the target is a " + typeOf(value) + ", not a dict");
  }

  private List<Object> list(Object value) throws HnswFormatException {
    if (value instanceof ArrayList<?>) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) value;
      return list;
    }
    throw errors.opError("the target is a " + typeOf(value) + ", not a list");
  }

  private static String typeOf(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof PyObject object) {
      return object.type.module() + "." + object.type.name() + " object";
    }
    return value.getClass().getSimpleName();
  }
}
