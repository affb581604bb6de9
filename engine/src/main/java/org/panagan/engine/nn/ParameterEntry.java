package org.panagan.engine.nn;

import org.panagan.engine.tensor.Shape;

/**
 * One named tensor inside a network's flat buffer.
 *
 * @param name   PyTorch's state_dict name, e.g. {@code main.1.weight}
 * @param shape  its shape
 * @param offset where it starts in the flat buffer, in floats
 */
public record ParameterEntry(String name, Shape shape, long offset) {
}
