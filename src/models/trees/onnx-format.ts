/**
 * The ONNX field numbers and enum values this folder reads and writes (from onnx/onnx.proto:
 * ModelProto, GraphProto, NodeProto, AttributeProto, ValueInfoProto, TypeProto, TensorProto,
 * StringStringEntryProto), named once so the reader and the writer cannot disagree.
 */

export const MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, domain: 4, modelVersion: 5, docString: 6, graph: 7, opsetImport: 8, metadataProps: 14 } as const;
export const OPSET = { domain: 1, version: 2 } as const;
export const GRAPH = { node: 1, name: 2, initializer: 5, docString: 10, input: 11, output: 12 } as const;
export const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, docString: 6, domain: 7 } as const;
export const ATTR = { name: 1, f: 2, i: 3, s: 4, t: 5, floats: 7, ints: 8, strings: 9, type: 20 } as const;
export const ATTR_TYPE = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;
export const VALUE_INFO = { name: 1, type: 2 } as const;
export const TYPE = { tensorType: 1 } as const;
export const TENSOR_TYPE = { elemType: 1, shape: 2 } as const;
export const SHAPE = { dim: 1 } as const;
export const DIM = { value: 1, param: 2 } as const;
export const TENSOR = { dims: 1, dataType: 2, floatData: 4, int64Data: 7, rawData: 9, doubleData: 10 } as const;
export const ELEM = { FLOAT: 1, INT64: 7, DOUBLE: 11 } as const;
export const ENTRY = { key: 1, value: 2 } as const;

/** The operator domain of the tree ensembles. */
export const ML_DOMAIN = 'ai.onnx.ml';

/** Metadata key under which an exported model carries its variables (names, kinds, category codes). */
export const META_FEATURES = 'fengkong.features';
export const META_SCALE = 'fengkong.scale';
export const META_KIND = 'fengkong.kind';
