/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $Number = $util.global.Number, $parseInt = $util.global.parseInt, $String = $util.global.String, $BigInt = $util.global.BigInt, $isFinite = $util.global.isFinite, $Array = $util.global.Array, $Boolean = $util.global.Boolean;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const shoal = $root.shoal = (() => {

    /**
     * Namespace shoal.
     * @exports shoal
     * @namespace
     */
    const shoal = {};

    shoal.Resources = (function() {

        /**
         * Properties of a Resources.
         * @typedef {Object} shoal.Resources.$Properties
         * @property {number|null} [cpuCores] Resources cpuCores
         * @property {number|null} [memoryBytes] Resources memoryBytes
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Resources.
         * @memberof shoal
         * @interface IResources
         * @augments shoal.Resources.$Properties
         * @deprecated Use shoal.Resources.$Properties instead.
         */

        /**
         * Shape of a Resources.
         * @typedef {shoal.Resources.$Properties} shoal.Resources.$Shape
         */

        /**
         * Constructs a new Resources.
         * @memberof shoal
         * @classdesc Represents a Resources.
         * @constructor
         * @param {shoal.Resources.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Resources = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Resources cpuCores.
         * @member {number} cpuCores
         * @memberof shoal.Resources
         * @instance
         */
        Resources.prototype.cpuCores = 0;

        /**
         * Resources memoryBytes.
         * @member {number} memoryBytes
         * @memberof shoal.Resources
         * @instance
         */
        Resources.prototype.memoryBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new Resources instance using the specified properties.
         * @function create
         * @memberof shoal.Resources
         * @static
         * @param {shoal.Resources.$Properties=} [properties] Properties to set
         * @returns {shoal.Resources} Resources instance
         * @type {{
         *   (properties: shoal.Resources.$Shape): shoal.Resources & shoal.Resources.$Shape;
         *   (properties?: shoal.Resources.$Properties): shoal.Resources;
         * }}
         */
        Resources.create = function(properties) {
            return new Resources(properties);
        };

        /**
         * Encodes the specified Resources message. Does not implicitly {@link shoal.Resources.verify|verify} messages.
         * @function encode
         * @memberof shoal.Resources
         * @static
         * @param {shoal.Resources.$Properties} message Resources message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Resources.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.cpuCores != null && $Object.hasOwnProperty.call(message, "cpuCores") && message.cpuCores !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.cpuCores);
            if (message.memoryBytes != null && $Object.hasOwnProperty.call(message, "memoryBytes") && (typeof message.memoryBytes === "object" ? message.memoryBytes.low || message.memoryBytes.high : message.memoryBytes !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.memoryBytes);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Resources message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.Resources
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.Resources & shoal.Resources.$Shape} Resources
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Resources.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.Resources();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.cpuCores = value;
                        else
                            delete message.cpuCores;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.memoryBytes = value;
                        else
                            delete message.memoryBytes;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a Resources message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.Resources
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.Resources} Resources
         */
        Resources.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.Resources)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.Resources: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.Resources();
            if (object.cpuCores != null)
                if ($Number(object.cpuCores) !== 0)
                    message.cpuCores = object.cpuCores >>> 0;
            if (object.memoryBytes != null)
                if (typeof object.memoryBytes === "object" ? object.memoryBytes.low || object.memoryBytes.high : $Number(object.memoryBytes) !== 0)
                    if ($util.Long)
                        message.memoryBytes = $util.Long.fromValue(object.memoryBytes, true);
                    else if (typeof object.memoryBytes === "string")
                        message.memoryBytes = $parseInt(object.memoryBytes, 10);
                    else if (typeof object.memoryBytes === "number")
                        message.memoryBytes = object.memoryBytes;
                    else if (typeof object.memoryBytes === "object")
                        message.memoryBytes = new $util.LongBits(object.memoryBytes.low >>> 0, object.memoryBytes.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a Resources message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.Resources
         * @static
         * @param {shoal.Resources} message Resources
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Resources.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.cpuCores = 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.memoryBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.memoryBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.cpuCores != null && $Object.hasOwnProperty.call(message, "cpuCores"))
                object.cpuCores = message.cpuCores;
            if (message.memoryBytes != null && $Object.hasOwnProperty.call(message, "memoryBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.memoryBytes = typeof message.memoryBytes === "number" ? $BigInt(message.memoryBytes) : $util.Long.fromBits(message.memoryBytes.low >>> 0, message.memoryBytes.high >>> 0, true).toBigInt();
                else if (typeof message.memoryBytes === "number")
                    object.memoryBytes = options.longs === $String ? $String(message.memoryBytes) : message.memoryBytes;
                else
                    object.memoryBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.memoryBytes) : options.longs === $Number ? new $util.LongBits(message.memoryBytes.low >>> 0, message.memoryBytes.high >>> 0).toNumber(true) : message.memoryBytes;
            return object;
        };

        /**
         * Converts this Resources to JSON.
         * @function toJSON
         * @memberof shoal.Resources
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Resources.prototype.toJSON = function() {
            return Resources.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for Resources
         * @function getTypeUrl
         * @memberof shoal.Resources
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Resources.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.Resources";
        };

        return Resources;
    })();

    shoal.Usage = (function() {

        /**
         * Properties of a Usage.
         * @typedef {Object} shoal.Usage.$Properties
         * @property {number|null} [cpuPercent] Usage cpuPercent
         * @property {number|null} [memoryUsedBytes] Usage memoryUsedBytes
         * @property {number|null} [load1] Usage load1
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Usage.
         * @memberof shoal
         * @interface IUsage
         * @augments shoal.Usage.$Properties
         * @deprecated Use shoal.Usage.$Properties instead.
         */

        /**
         * Shape of a Usage.
         * @typedef {shoal.Usage.$Properties} shoal.Usage.$Shape
         */

        /**
         * Constructs a new Usage.
         * @memberof shoal
         * @classdesc Represents a Usage.
         * @constructor
         * @param {shoal.Usage.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Usage = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Usage cpuPercent.
         * @member {number} cpuPercent
         * @memberof shoal.Usage
         * @instance
         */
        Usage.prototype.cpuPercent = 0;

        /**
         * Usage memoryUsedBytes.
         * @member {number} memoryUsedBytes
         * @memberof shoal.Usage
         * @instance
         */
        Usage.prototype.memoryUsedBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Usage load1.
         * @member {number} load1
         * @memberof shoal.Usage
         * @instance
         */
        Usage.prototype.load1 = 0;

        /**
         * Creates a new Usage instance using the specified properties.
         * @function create
         * @memberof shoal.Usage
         * @static
         * @param {shoal.Usage.$Properties=} [properties] Properties to set
         * @returns {shoal.Usage} Usage instance
         * @type {{
         *   (properties: shoal.Usage.$Shape): shoal.Usage & shoal.Usage.$Shape;
         *   (properties?: shoal.Usage.$Properties): shoal.Usage;
         * }}
         */
        Usage.create = function(properties) {
            return new Usage(properties);
        };

        /**
         * Encodes the specified Usage message. Does not implicitly {@link shoal.Usage.verify|verify} messages.
         * @function encode
         * @memberof shoal.Usage
         * @static
         * @param {shoal.Usage.$Properties} message Usage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Usage.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.cpuPercent != null && $Object.hasOwnProperty.call(message, "cpuPercent") && !$Object.is(message.cpuPercent, 0))
                writer.uint32(/* id 1, wireType 1 =*/9).double(message.cpuPercent);
            if (message.memoryUsedBytes != null && $Object.hasOwnProperty.call(message, "memoryUsedBytes") && (typeof message.memoryUsedBytes === "object" ? message.memoryUsedBytes.low || message.memoryUsedBytes.high : message.memoryUsedBytes !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.memoryUsedBytes);
            if (message.load1 != null && $Object.hasOwnProperty.call(message, "load1") && !$Object.is(message.load1, 0))
                writer.uint32(/* id 3, wireType 1 =*/25).double(message.load1);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Usage message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.Usage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.Usage & shoal.Usage.$Shape} Usage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Usage.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.Usage();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.cpuPercent = value;
                        else
                            delete message.cpuPercent;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.memoryUsedBytes = value;
                        else
                            delete message.memoryUsedBytes;
                        continue;
                    }
                case 3: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.load1 = value;
                        else
                            delete message.load1;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a Usage message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.Usage
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.Usage} Usage
         */
        Usage.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.Usage)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.Usage: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.Usage();
            if (object.cpuPercent != null)
                if (!$Object.is($Number(object.cpuPercent), 0))
                    message.cpuPercent = $Number(object.cpuPercent);
            if (object.memoryUsedBytes != null)
                if (typeof object.memoryUsedBytes === "object" ? object.memoryUsedBytes.low || object.memoryUsedBytes.high : $Number(object.memoryUsedBytes) !== 0)
                    if ($util.Long)
                        message.memoryUsedBytes = $util.Long.fromValue(object.memoryUsedBytes, true);
                    else if (typeof object.memoryUsedBytes === "string")
                        message.memoryUsedBytes = $parseInt(object.memoryUsedBytes, 10);
                    else if (typeof object.memoryUsedBytes === "number")
                        message.memoryUsedBytes = object.memoryUsedBytes;
                    else if (typeof object.memoryUsedBytes === "object")
                        message.memoryUsedBytes = new $util.LongBits(object.memoryUsedBytes.low >>> 0, object.memoryUsedBytes.high >>> 0).toNumber(true);
            if (object.load1 != null)
                if (!$Object.is($Number(object.load1), 0))
                    message.load1 = $Number(object.load1);
            return message;
        };

        /**
         * Creates a plain object from a Usage message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.Usage
         * @static
         * @param {shoal.Usage} message Usage
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Usage.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.cpuPercent = 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.memoryUsedBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.memoryUsedBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.load1 = 0;
            }
            if (message.cpuPercent != null && $Object.hasOwnProperty.call(message, "cpuPercent"))
                object.cpuPercent = options.json && !$isFinite(message.cpuPercent) ? $String(message.cpuPercent) : message.cpuPercent;
            if (message.memoryUsedBytes != null && $Object.hasOwnProperty.call(message, "memoryUsedBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.memoryUsedBytes = typeof message.memoryUsedBytes === "number" ? $BigInt(message.memoryUsedBytes) : $util.Long.fromBits(message.memoryUsedBytes.low >>> 0, message.memoryUsedBytes.high >>> 0, true).toBigInt();
                else if (typeof message.memoryUsedBytes === "number")
                    object.memoryUsedBytes = options.longs === $String ? $String(message.memoryUsedBytes) : message.memoryUsedBytes;
                else
                    object.memoryUsedBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.memoryUsedBytes) : options.longs === $Number ? new $util.LongBits(message.memoryUsedBytes.low >>> 0, message.memoryUsedBytes.high >>> 0).toNumber(true) : message.memoryUsedBytes;
            if (message.load1 != null && $Object.hasOwnProperty.call(message, "load1"))
                object.load1 = options.json && !$isFinite(message.load1) ? $String(message.load1) : message.load1;
            return object;
        };

        /**
         * Converts this Usage to JSON.
         * @function toJSON
         * @memberof shoal.Usage
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Usage.prototype.toJSON = function() {
            return Usage.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for Usage
         * @function getTypeUrl
         * @memberof shoal.Usage
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Usage.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.Usage";
        };

        return Usage;
    })();

    shoal.HostReport = (function() {

        /**
         * Properties of a HostReport.
         * @typedef {Object} shoal.HostReport.$Properties
         * @property {string|null} [hostId] HostReport hostId
         * @property {string|null} [hostname] HostReport hostname
         * @property {Array.<string>|null} [addresses] HostReport addresses
         * @property {Object.<string,string>|null} [labels] HostReport labels
         * @property {shoal.Resources.$Properties|null} [capacity] HostReport capacity
         * @property {shoal.Resources.$Properties|null} [allocatable] HostReport allocatable
         * @property {shoal.Usage.$Properties|null} [usage] HostReport usage
         * @property {number|null} [dynoCount] HostReport dynoCount
         * @property {string|null} [agentVersion] HostReport agentVersion
         * @property {number|null} [seq] HostReport seq
         * @property {number|null} [sentAtMs] HostReport sentAtMs
         * @property {string|null} [ip] HostReport ip
         * @property {number|null} [appliedGeneration] HostReport appliedGeneration
         * @property {number|null} [appliedEpoch] HostReport appliedEpoch
         * @property {boolean|null} [draining] HostReport draining
         * @property {string|null} [stackVersion] HostReport stackVersion
         * @property {number|null} [restartGraceMs] HostReport restartGraceMs
         * @property {string|null} [stackSha256] HostReport stackSha256
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a HostReport.
         * @memberof shoal
         * @interface IHostReport
         * @augments shoal.HostReport.$Properties
         * @deprecated Use shoal.HostReport.$Properties instead.
         */

        /**
         * Shape of a HostReport.
         * @typedef {shoal.HostReport.$Properties} shoal.HostReport.$Shape
         */

        /**
         * Constructs a new HostReport.
         * @memberof shoal
         * @classdesc Represents a HostReport.
         * @constructor
         * @param {shoal.HostReport.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const HostReport = function (properties) {
            this.addresses = [];
            this.labels = {};
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * HostReport hostId.
         * @member {string} hostId
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.hostId = "";

        /**
         * HostReport hostname.
         * @member {string} hostname
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.hostname = "";

        /**
         * HostReport addresses.
         * @member {Array.<string>} addresses
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.addresses = $util.emptyArray;

        /**
         * HostReport labels.
         * @member {Object.<string,string>} labels
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.labels = $util.emptyObject;

        /**
         * HostReport capacity.
         * @member {shoal.Resources.$Properties|null|undefined} capacity
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.capacity = null;

        /**
         * HostReport allocatable.
         * @member {shoal.Resources.$Properties|null|undefined} allocatable
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.allocatable = null;

        /**
         * HostReport usage.
         * @member {shoal.Usage.$Properties|null|undefined} usage
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.usage = null;

        /**
         * HostReport dynoCount.
         * @member {number} dynoCount
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.dynoCount = 0;

        /**
         * HostReport agentVersion.
         * @member {string} agentVersion
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.agentVersion = "";

        /**
         * HostReport seq.
         * @member {number} seq
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * HostReport sentAtMs.
         * @member {number} sentAtMs
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.sentAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * HostReport ip.
         * @member {string} ip
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.ip = "";

        /**
         * HostReport appliedGeneration.
         * @member {number} appliedGeneration
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.appliedGeneration = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * HostReport appliedEpoch.
         * @member {number} appliedEpoch
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.appliedEpoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * HostReport draining.
         * @member {boolean} draining
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.draining = false;

        /**
         * HostReport stackVersion.
         * @member {string} stackVersion
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.stackVersion = "";

        /**
         * HostReport restartGraceMs.
         * @member {number} restartGraceMs
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.restartGraceMs = 0;

        /**
         * HostReport stackSha256.
         * @member {string} stackSha256
         * @memberof shoal.HostReport
         * @instance
         */
        HostReport.prototype.stackSha256 = "";

        /**
         * Creates a new HostReport instance using the specified properties.
         * @function create
         * @memberof shoal.HostReport
         * @static
         * @param {shoal.HostReport.$Properties=} [properties] Properties to set
         * @returns {shoal.HostReport} HostReport instance
         * @type {{
         *   (properties: shoal.HostReport.$Shape): shoal.HostReport & shoal.HostReport.$Shape;
         *   (properties?: shoal.HostReport.$Properties): shoal.HostReport;
         * }}
         */
        HostReport.create = function(properties) {
            return new HostReport(properties);
        };

        /**
         * Encodes the specified HostReport message. Does not implicitly {@link shoal.HostReport.verify|verify} messages.
         * @function encode
         * @memberof shoal.HostReport
         * @static
         * @param {shoal.HostReport.$Properties} message HostReport message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        HostReport.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId") && message.hostId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.hostId);
            if (message.hostname != null && $Object.hasOwnProperty.call(message, "hostname") && message.hostname !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.hostname);
            if (message.addresses != null && message.addresses.length)
                for (let i = 0; i < message.addresses.length; ++i)
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.addresses[i]);
            if (message.labels != null && $Object.hasOwnProperty.call(message, "labels"))
                for (let keys = $Object.keys(message.labels), i = 0; i < keys.length; ++i)
                    writer.uint32(/* id 4, wireType 2 =*/34).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.labels[keys[i]]).ldelim();
            if (message.capacity != null && $Object.hasOwnProperty.call(message, "capacity"))
                $root.shoal.Resources.encode(message.capacity, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.allocatable != null && $Object.hasOwnProperty.call(message, "allocatable"))
                $root.shoal.Resources.encode(message.allocatable, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
            if (message.usage != null && $Object.hasOwnProperty.call(message, "usage"))
                $root.shoal.Usage.encode(message.usage, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
            if (message.dynoCount != null && $Object.hasOwnProperty.call(message, "dynoCount") && message.dynoCount !== 0)
                writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.dynoCount);
            if (message.agentVersion != null && $Object.hasOwnProperty.call(message, "agentVersion") && message.agentVersion !== "")
                writer.uint32(/* id 9, wireType 2 =*/74).string(message.agentVersion);
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                writer.uint32(/* id 10, wireType 0 =*/80).uint64(message.seq);
            if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs") && (typeof message.sentAtMs === "object" ? message.sentAtMs.low || message.sentAtMs.high : message.sentAtMs !== 0))
                writer.uint32(/* id 11, wireType 0 =*/88).uint64(message.sentAtMs);
            if (message.ip != null && $Object.hasOwnProperty.call(message, "ip") && message.ip !== "")
                writer.uint32(/* id 12, wireType 2 =*/98).string(message.ip);
            if (message.appliedGeneration != null && $Object.hasOwnProperty.call(message, "appliedGeneration") && (typeof message.appliedGeneration === "object" ? message.appliedGeneration.low || message.appliedGeneration.high : message.appliedGeneration !== 0))
                writer.uint32(/* id 13, wireType 0 =*/104).uint64(message.appliedGeneration);
            if (message.appliedEpoch != null && $Object.hasOwnProperty.call(message, "appliedEpoch") && (typeof message.appliedEpoch === "object" ? message.appliedEpoch.low || message.appliedEpoch.high : message.appliedEpoch !== 0))
                writer.uint32(/* id 14, wireType 0 =*/112).uint64(message.appliedEpoch);
            if (message.draining != null && $Object.hasOwnProperty.call(message, "draining") && message.draining !== false)
                writer.uint32(/* id 15, wireType 0 =*/120).bool(message.draining);
            if (message.stackVersion != null && $Object.hasOwnProperty.call(message, "stackVersion") && message.stackVersion !== "")
                writer.uint32(/* id 16, wireType 2 =*/130).string(message.stackVersion);
            if (message.restartGraceMs != null && $Object.hasOwnProperty.call(message, "restartGraceMs") && message.restartGraceMs !== 0)
                writer.uint32(/* id 17, wireType 0 =*/136).uint32(message.restartGraceMs);
            if (message.stackSha256 != null && $Object.hasOwnProperty.call(message, "stackSha256") && message.stackSha256 !== "")
                writer.uint32(/* id 18, wireType 2 =*/146).string(message.stackSha256);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a HostReport message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.HostReport
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.HostReport & shoal.HostReport.$Shape} HostReport
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        HostReport.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, key, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.HostReport();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostId = value;
                        else
                            delete message.hostId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostname = value;
                        else
                            delete message.hostname;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.addresses && message.addresses.length))
                            message.addresses = [];
                        message.addresses.push(reader.stringVerify());
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (message.labels === $util.emptyObject)
                            message.labels = {};
                        let end2 = reader.size() + reader.pos;
                        if (end2 > reader.len)
                            throw $RangeError("index out of range");
                        reader.len = end2;
                        key = "";
                        value = "";
                        while (reader.pos < end2) {
                            let tag2 = reader.tag();
                            wireType = tag2 & 7;
                            switch (tag2 >>>= 3) {
                            case 1:
                                if (wireType !== 2)
                                    break;
                                key = reader.stringVerify();
                                continue;
                            case 2:
                                if (wireType !== 2)
                                    break;
                                value = reader.stringVerify();
                                continue;
                            }
                            reader.skipType(wireType, _depth, tag2);
                        }
                        if (reader.pos !== end2)
                            throw $RangeError("index out of range");
                        reader.len = end;
                        if (key === "__proto__")
                            $util.makeProp(message.labels, key);
                        message.labels[key] = value;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        message.capacity = $root.shoal.Resources.decode(reader, reader.size(), $undefined, _depth + 1, message.capacity);
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        message.allocatable = $root.shoal.Resources.decode(reader, reader.size(), $undefined, _depth + 1, message.allocatable);
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        message.usage = $root.shoal.Usage.decode(reader, reader.size(), $undefined, _depth + 1, message.usage);
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.dynoCount = value;
                        else
                            delete message.dynoCount;
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.agentVersion = value;
                        else
                            delete message.agentVersion;
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 11: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.sentAtMs = value;
                        else
                            delete message.sentAtMs;
                        continue;
                    }
                case 12: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.ip = value;
                        else
                            delete message.ip;
                        continue;
                    }
                case 13: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.appliedGeneration = value;
                        else
                            delete message.appliedGeneration;
                        continue;
                    }
                case 14: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.appliedEpoch = value;
                        else
                            delete message.appliedEpoch;
                        continue;
                    }
                case 15: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.draining = value;
                        else
                            delete message.draining;
                        continue;
                    }
                case 16: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.stackVersion = value;
                        else
                            delete message.stackVersion;
                        continue;
                    }
                case 17: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.restartGraceMs = value;
                        else
                            delete message.restartGraceMs;
                        continue;
                    }
                case 18: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.stackSha256 = value;
                        else
                            delete message.stackSha256;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a HostReport message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.HostReport
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.HostReport} HostReport
         */
        HostReport.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.HostReport)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.HostReport: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.HostReport();
            if (object.hostId != null)
                if (typeof object.hostId !== "string" || object.hostId.length)
                    message.hostId = $String(object.hostId);
            if (object.hostname != null)
                if (typeof object.hostname !== "string" || object.hostname.length)
                    message.hostname = $String(object.hostname);
            if (object.addresses) {
                if (!$Array.isArray(object.addresses))
                    throw $TypeError(".shoal.HostReport.addresses: array expected");
                message.addresses = $Array(object.addresses.length);
                for (let i = 0; i < object.addresses.length; ++i)
                    message.addresses[i] = $String(object.addresses[i]);
            }
            if (object.labels) {
                if (!$util.isObject(object.labels))
                    throw $TypeError(".shoal.HostReport.labels: object expected");
                message.labels = {};
                for (let keys = $Object.keys(object.labels), i = 0; i < keys.length; ++i) {
                    if (keys[i] === "__proto__")
                        $util.makeProp(message.labels, keys[i]);
                    message.labels[keys[i]] = $String(object.labels[keys[i]]);
                }
            }
            if (object.capacity != null) {
                if (!$util.isObject(object.capacity))
                    throw $TypeError(".shoal.HostReport.capacity: object expected");
                message.capacity = $root.shoal.Resources.fromObject(object.capacity, _depth + 1);
            }
            if (object.allocatable != null) {
                if (!$util.isObject(object.allocatable))
                    throw $TypeError(".shoal.HostReport.allocatable: object expected");
                message.allocatable = $root.shoal.Resources.fromObject(object.allocatable, _depth + 1);
            }
            if (object.usage != null) {
                if (!$util.isObject(object.usage))
                    throw $TypeError(".shoal.HostReport.usage: object expected");
                message.usage = $root.shoal.Usage.fromObject(object.usage, _depth + 1);
            }
            if (object.dynoCount != null)
                if ($Number(object.dynoCount) !== 0)
                    message.dynoCount = object.dynoCount >>> 0;
            if (object.agentVersion != null)
                if (typeof object.agentVersion !== "string" || object.agentVersion.length)
                    message.agentVersion = $String(object.agentVersion);
            if (object.seq != null)
                if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = $parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
            if (object.sentAtMs != null)
                if (typeof object.sentAtMs === "object" ? object.sentAtMs.low || object.sentAtMs.high : $Number(object.sentAtMs) !== 0)
                    if ($util.Long)
                        message.sentAtMs = $util.Long.fromValue(object.sentAtMs, true);
                    else if (typeof object.sentAtMs === "string")
                        message.sentAtMs = $parseInt(object.sentAtMs, 10);
                    else if (typeof object.sentAtMs === "number")
                        message.sentAtMs = object.sentAtMs;
                    else if (typeof object.sentAtMs === "object")
                        message.sentAtMs = new $util.LongBits(object.sentAtMs.low >>> 0, object.sentAtMs.high >>> 0).toNumber(true);
            if (object.ip != null)
                if (typeof object.ip !== "string" || object.ip.length)
                    message.ip = $String(object.ip);
            if (object.appliedGeneration != null)
                if (typeof object.appliedGeneration === "object" ? object.appliedGeneration.low || object.appliedGeneration.high : $Number(object.appliedGeneration) !== 0)
                    if ($util.Long)
                        message.appliedGeneration = $util.Long.fromValue(object.appliedGeneration, true);
                    else if (typeof object.appliedGeneration === "string")
                        message.appliedGeneration = $parseInt(object.appliedGeneration, 10);
                    else if (typeof object.appliedGeneration === "number")
                        message.appliedGeneration = object.appliedGeneration;
                    else if (typeof object.appliedGeneration === "object")
                        message.appliedGeneration = new $util.LongBits(object.appliedGeneration.low >>> 0, object.appliedGeneration.high >>> 0).toNumber(true);
            if (object.appliedEpoch != null)
                if (typeof object.appliedEpoch === "object" ? object.appliedEpoch.low || object.appliedEpoch.high : $Number(object.appliedEpoch) !== 0)
                    if ($util.Long)
                        message.appliedEpoch = $util.Long.fromValue(object.appliedEpoch, true);
                    else if (typeof object.appliedEpoch === "string")
                        message.appliedEpoch = $parseInt(object.appliedEpoch, 10);
                    else if (typeof object.appliedEpoch === "number")
                        message.appliedEpoch = object.appliedEpoch;
                    else if (typeof object.appliedEpoch === "object")
                        message.appliedEpoch = new $util.LongBits(object.appliedEpoch.low >>> 0, object.appliedEpoch.high >>> 0).toNumber(true);
            if (object.draining != null)
                if (object.draining)
                    message.draining = $Boolean(object.draining);
            if (object.stackVersion != null)
                if (typeof object.stackVersion !== "string" || object.stackVersion.length)
                    message.stackVersion = $String(object.stackVersion);
            if (object.restartGraceMs != null)
                if ($Number(object.restartGraceMs) !== 0)
                    message.restartGraceMs = object.restartGraceMs >>> 0;
            if (object.stackSha256 != null)
                if (typeof object.stackSha256 !== "string" || object.stackSha256.length)
                    message.stackSha256 = $String(object.stackSha256);
            return message;
        };

        /**
         * Creates a plain object from a HostReport message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.HostReport
         * @static
         * @param {shoal.HostReport} message HostReport
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        HostReport.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.addresses = [];
            if (options.objects || options.defaults)
                object.labels = {};
            if (options.defaults) {
                object.hostId = "";
                object.hostname = "";
                object.capacity = null;
                object.allocatable = null;
                object.usage = null;
                object.dynoCount = 0;
                object.agentVersion = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.sentAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.sentAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.ip = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.appliedGeneration = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.appliedGeneration = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.appliedEpoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.appliedEpoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.draining = false;
                object.stackVersion = "";
                object.restartGraceMs = 0;
                object.stackSha256 = "";
            }
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId"))
                object.hostId = message.hostId;
            if (message.hostname != null && $Object.hasOwnProperty.call(message, "hostname"))
                object.hostname = message.hostname;
            if (message.addresses && message.addresses.length) {
                object.addresses = $Array(message.addresses.length);
                for (let j = 0; j < message.addresses.length; ++j)
                    object.addresses[j] = message.addresses[j];
            }
            let keys2;
            if (message.labels && (keys2 = $Object.keys(message.labels)).length) {
                object.labels = {};
                for (let j = 0; j < keys2.length; ++j) {
                    if (keys2[j] === "__proto__")
                        $util.makeProp(object.labels, keys2[j]);
                    object.labels[keys2[j]] = message.labels[keys2[j]];
                }
            }
            if (message.capacity != null && $Object.hasOwnProperty.call(message, "capacity"))
                object.capacity = $root.shoal.Resources.toObject(message.capacity, options, _depth + 1);
            if (message.allocatable != null && $Object.hasOwnProperty.call(message, "allocatable"))
                object.allocatable = $root.shoal.Resources.toObject(message.allocatable, options, _depth + 1);
            if (message.usage != null && $Object.hasOwnProperty.call(message, "usage"))
                object.usage = $root.shoal.Usage.toObject(message.usage, options, _depth + 1);
            if (message.dynoCount != null && $Object.hasOwnProperty.call(message, "dynoCount"))
                object.dynoCount = message.dynoCount;
            if (message.agentVersion != null && $Object.hasOwnProperty.call(message, "agentVersion"))
                object.agentVersion = message.agentVersion;
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                else if (typeof message.seq === "number")
                    object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                else
                    object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
            if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.sentAtMs = typeof message.sentAtMs === "number" ? $BigInt(message.sentAtMs) : $util.Long.fromBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0, true).toBigInt();
                else if (typeof message.sentAtMs === "number")
                    object.sentAtMs = options.longs === $String ? $String(message.sentAtMs) : message.sentAtMs;
                else
                    object.sentAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.sentAtMs) : options.longs === $Number ? new $util.LongBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0).toNumber(true) : message.sentAtMs;
            if (message.ip != null && $Object.hasOwnProperty.call(message, "ip"))
                object.ip = message.ip;
            if (message.appliedGeneration != null && $Object.hasOwnProperty.call(message, "appliedGeneration"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.appliedGeneration = typeof message.appliedGeneration === "number" ? $BigInt(message.appliedGeneration) : $util.Long.fromBits(message.appliedGeneration.low >>> 0, message.appliedGeneration.high >>> 0, true).toBigInt();
                else if (typeof message.appliedGeneration === "number")
                    object.appliedGeneration = options.longs === $String ? $String(message.appliedGeneration) : message.appliedGeneration;
                else
                    object.appliedGeneration = options.longs === $String ? $util.Long.prototype.toString.call(message.appliedGeneration) : options.longs === $Number ? new $util.LongBits(message.appliedGeneration.low >>> 0, message.appliedGeneration.high >>> 0).toNumber(true) : message.appliedGeneration;
            if (message.appliedEpoch != null && $Object.hasOwnProperty.call(message, "appliedEpoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.appliedEpoch = typeof message.appliedEpoch === "number" ? $BigInt(message.appliedEpoch) : $util.Long.fromBits(message.appliedEpoch.low >>> 0, message.appliedEpoch.high >>> 0, true).toBigInt();
                else if (typeof message.appliedEpoch === "number")
                    object.appliedEpoch = options.longs === $String ? $String(message.appliedEpoch) : message.appliedEpoch;
                else
                    object.appliedEpoch = options.longs === $String ? $util.Long.prototype.toString.call(message.appliedEpoch) : options.longs === $Number ? new $util.LongBits(message.appliedEpoch.low >>> 0, message.appliedEpoch.high >>> 0).toNumber(true) : message.appliedEpoch;
            if (message.draining != null && $Object.hasOwnProperty.call(message, "draining"))
                object.draining = message.draining;
            if (message.stackVersion != null && $Object.hasOwnProperty.call(message, "stackVersion"))
                object.stackVersion = message.stackVersion;
            if (message.restartGraceMs != null && $Object.hasOwnProperty.call(message, "restartGraceMs"))
                object.restartGraceMs = message.restartGraceMs;
            if (message.stackSha256 != null && $Object.hasOwnProperty.call(message, "stackSha256"))
                object.stackSha256 = message.stackSha256;
            return object;
        };

        /**
         * Converts this HostReport to JSON.
         * @function toJSON
         * @memberof shoal.HostReport
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        HostReport.prototype.toJSON = function() {
            return HostReport.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for HostReport
         * @function getTypeUrl
         * @memberof shoal.HostReport
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        HostReport.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.HostReport";
        };

        return HostReport;
    })();

    shoal.LeaderAnnouncement = (function() {

        /**
         * Properties of a LeaderAnnouncement.
         * @typedef {Object} shoal.LeaderAnnouncement.$Properties
         * @property {string|null} [peerId] LeaderAnnouncement peerId
         * @property {number|null} [epoch] LeaderAnnouncement epoch
         * @property {string|null} [apiUrl] LeaderAnnouncement apiUrl
         * @property {Array.<string>|null} [addresses] LeaderAnnouncement addresses
         * @property {number|null} [sentAtMs] LeaderAnnouncement sentAtMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a LeaderAnnouncement.
         * @memberof shoal
         * @interface ILeaderAnnouncement
         * @augments shoal.LeaderAnnouncement.$Properties
         * @deprecated Use shoal.LeaderAnnouncement.$Properties instead.
         */

        /**
         * Shape of a LeaderAnnouncement.
         * @typedef {shoal.LeaderAnnouncement.$Properties} shoal.LeaderAnnouncement.$Shape
         */

        /**
         * Constructs a new LeaderAnnouncement.
         * @memberof shoal
         * @classdesc Represents a LeaderAnnouncement.
         * @constructor
         * @param {shoal.LeaderAnnouncement.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const LeaderAnnouncement = function (properties) {
            this.addresses = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * LeaderAnnouncement peerId.
         * @member {string} peerId
         * @memberof shoal.LeaderAnnouncement
         * @instance
         */
        LeaderAnnouncement.prototype.peerId = "";

        /**
         * LeaderAnnouncement epoch.
         * @member {number} epoch
         * @memberof shoal.LeaderAnnouncement
         * @instance
         */
        LeaderAnnouncement.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * LeaderAnnouncement apiUrl.
         * @member {string} apiUrl
         * @memberof shoal.LeaderAnnouncement
         * @instance
         */
        LeaderAnnouncement.prototype.apiUrl = "";

        /**
         * LeaderAnnouncement addresses.
         * @member {Array.<string>} addresses
         * @memberof shoal.LeaderAnnouncement
         * @instance
         */
        LeaderAnnouncement.prototype.addresses = $util.emptyArray;

        /**
         * LeaderAnnouncement sentAtMs.
         * @member {number} sentAtMs
         * @memberof shoal.LeaderAnnouncement
         * @instance
         */
        LeaderAnnouncement.prototype.sentAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new LeaderAnnouncement instance using the specified properties.
         * @function create
         * @memberof shoal.LeaderAnnouncement
         * @static
         * @param {shoal.LeaderAnnouncement.$Properties=} [properties] Properties to set
         * @returns {shoal.LeaderAnnouncement} LeaderAnnouncement instance
         * @type {{
         *   (properties: shoal.LeaderAnnouncement.$Shape): shoal.LeaderAnnouncement & shoal.LeaderAnnouncement.$Shape;
         *   (properties?: shoal.LeaderAnnouncement.$Properties): shoal.LeaderAnnouncement;
         * }}
         */
        LeaderAnnouncement.create = function(properties) {
            return new LeaderAnnouncement(properties);
        };

        /**
         * Encodes the specified LeaderAnnouncement message. Does not implicitly {@link shoal.LeaderAnnouncement.verify|verify} messages.
         * @function encode
         * @memberof shoal.LeaderAnnouncement
         * @static
         * @param {shoal.LeaderAnnouncement.$Properties} message LeaderAnnouncement message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        LeaderAnnouncement.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.peerId != null && $Object.hasOwnProperty.call(message, "peerId") && message.peerId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.peerId);
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.epoch);
            if (message.apiUrl != null && $Object.hasOwnProperty.call(message, "apiUrl") && message.apiUrl !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.apiUrl);
            if (message.addresses != null && message.addresses.length)
                for (let i = 0; i < message.addresses.length; ++i)
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.addresses[i]);
            if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs") && (typeof message.sentAtMs === "object" ? message.sentAtMs.low || message.sentAtMs.high : message.sentAtMs !== 0))
                writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.sentAtMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a LeaderAnnouncement message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.LeaderAnnouncement
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.LeaderAnnouncement & shoal.LeaderAnnouncement.$Shape} LeaderAnnouncement
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        LeaderAnnouncement.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.LeaderAnnouncement();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.peerId = value;
                        else
                            delete message.peerId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.apiUrl = value;
                        else
                            delete message.apiUrl;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.addresses && message.addresses.length))
                            message.addresses = [];
                        message.addresses.push(reader.stringVerify());
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.sentAtMs = value;
                        else
                            delete message.sentAtMs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a LeaderAnnouncement message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.LeaderAnnouncement
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.LeaderAnnouncement} LeaderAnnouncement
         */
        LeaderAnnouncement.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.LeaderAnnouncement)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.LeaderAnnouncement: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.LeaderAnnouncement();
            if (object.peerId != null)
                if (typeof object.peerId !== "string" || object.peerId.length)
                    message.peerId = $String(object.peerId);
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            if (object.apiUrl != null)
                if (typeof object.apiUrl !== "string" || object.apiUrl.length)
                    message.apiUrl = $String(object.apiUrl);
            if (object.addresses) {
                if (!$Array.isArray(object.addresses))
                    throw $TypeError(".shoal.LeaderAnnouncement.addresses: array expected");
                message.addresses = $Array(object.addresses.length);
                for (let i = 0; i < object.addresses.length; ++i)
                    message.addresses[i] = $String(object.addresses[i]);
            }
            if (object.sentAtMs != null)
                if (typeof object.sentAtMs === "object" ? object.sentAtMs.low || object.sentAtMs.high : $Number(object.sentAtMs) !== 0)
                    if ($util.Long)
                        message.sentAtMs = $util.Long.fromValue(object.sentAtMs, true);
                    else if (typeof object.sentAtMs === "string")
                        message.sentAtMs = $parseInt(object.sentAtMs, 10);
                    else if (typeof object.sentAtMs === "number")
                        message.sentAtMs = object.sentAtMs;
                    else if (typeof object.sentAtMs === "object")
                        message.sentAtMs = new $util.LongBits(object.sentAtMs.low >>> 0, object.sentAtMs.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a LeaderAnnouncement message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.LeaderAnnouncement
         * @static
         * @param {shoal.LeaderAnnouncement} message LeaderAnnouncement
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        LeaderAnnouncement.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.addresses = [];
            if (options.defaults) {
                object.peerId = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.apiUrl = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.sentAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.sentAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.peerId != null && $Object.hasOwnProperty.call(message, "peerId"))
                object.peerId = message.peerId;
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            if (message.apiUrl != null && $Object.hasOwnProperty.call(message, "apiUrl"))
                object.apiUrl = message.apiUrl;
            if (message.addresses && message.addresses.length) {
                object.addresses = $Array(message.addresses.length);
                for (let j = 0; j < message.addresses.length; ++j)
                    object.addresses[j] = message.addresses[j];
            }
            if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.sentAtMs = typeof message.sentAtMs === "number" ? $BigInt(message.sentAtMs) : $util.Long.fromBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0, true).toBigInt();
                else if (typeof message.sentAtMs === "number")
                    object.sentAtMs = options.longs === $String ? $String(message.sentAtMs) : message.sentAtMs;
                else
                    object.sentAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.sentAtMs) : options.longs === $Number ? new $util.LongBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0).toNumber(true) : message.sentAtMs;
            return object;
        };

        /**
         * Converts this LeaderAnnouncement to JSON.
         * @function toJSON
         * @memberof shoal.LeaderAnnouncement
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        LeaderAnnouncement.prototype.toJSON = function() {
            return LeaderAnnouncement.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for LeaderAnnouncement
         * @function getTypeUrl
         * @memberof shoal.LeaderAnnouncement
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        LeaderAnnouncement.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.LeaderAnnouncement";
        };

        return LeaderAnnouncement;
    })();

    shoal.JoinRequest = (function() {

        /**
         * Properties of a JoinRequest.
         * @typedef {Object} shoal.JoinRequest.$Properties
         * @property {string|null} [secret] JoinRequest secret
         * @property {string|null} [hostname] JoinRequest hostname
         * @property {string|null} [role] JoinRequest role
         * @property {string|null} [version] JoinRequest version
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a JoinRequest.
         * @memberof shoal
         * @interface IJoinRequest
         * @augments shoal.JoinRequest.$Properties
         * @deprecated Use shoal.JoinRequest.$Properties instead.
         */

        /**
         * Shape of a JoinRequest.
         * @typedef {shoal.JoinRequest.$Properties} shoal.JoinRequest.$Shape
         */

        /**
         * Constructs a new JoinRequest.
         * @memberof shoal
         * @classdesc Represents a JoinRequest.
         * @constructor
         * @param {shoal.JoinRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const JoinRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * JoinRequest secret.
         * @member {string} secret
         * @memberof shoal.JoinRequest
         * @instance
         */
        JoinRequest.prototype.secret = "";

        /**
         * JoinRequest hostname.
         * @member {string} hostname
         * @memberof shoal.JoinRequest
         * @instance
         */
        JoinRequest.prototype.hostname = "";

        /**
         * JoinRequest role.
         * @member {string} role
         * @memberof shoal.JoinRequest
         * @instance
         */
        JoinRequest.prototype.role = "";

        /**
         * JoinRequest version.
         * @member {string} version
         * @memberof shoal.JoinRequest
         * @instance
         */
        JoinRequest.prototype.version = "";

        /**
         * Creates a new JoinRequest instance using the specified properties.
         * @function create
         * @memberof shoal.JoinRequest
         * @static
         * @param {shoal.JoinRequest.$Properties=} [properties] Properties to set
         * @returns {shoal.JoinRequest} JoinRequest instance
         * @type {{
         *   (properties: shoal.JoinRequest.$Shape): shoal.JoinRequest & shoal.JoinRequest.$Shape;
         *   (properties?: shoal.JoinRequest.$Properties): shoal.JoinRequest;
         * }}
         */
        JoinRequest.create = function(properties) {
            return new JoinRequest(properties);
        };

        /**
         * Encodes the specified JoinRequest message. Does not implicitly {@link shoal.JoinRequest.verify|verify} messages.
         * @function encode
         * @memberof shoal.JoinRequest
         * @static
         * @param {shoal.JoinRequest.$Properties} message JoinRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        JoinRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.secret != null && $Object.hasOwnProperty.call(message, "secret") && message.secret !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.secret);
            if (message.hostname != null && $Object.hasOwnProperty.call(message, "hostname") && message.hostname !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.hostname);
            if (message.role != null && $Object.hasOwnProperty.call(message, "role") && message.role !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.role);
            if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.version);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a JoinRequest message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.JoinRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.JoinRequest & shoal.JoinRequest.$Shape} JoinRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        JoinRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.JoinRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.secret = value;
                        else
                            delete message.secret;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostname = value;
                        else
                            delete message.hostname;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.role = value;
                        else
                            delete message.role;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.version = value;
                        else
                            delete message.version;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a JoinRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.JoinRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.JoinRequest} JoinRequest
         */
        JoinRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.JoinRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.JoinRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.JoinRequest();
            if (object.secret != null)
                if (typeof object.secret !== "string" || object.secret.length)
                    message.secret = $String(object.secret);
            if (object.hostname != null)
                if (typeof object.hostname !== "string" || object.hostname.length)
                    message.hostname = $String(object.hostname);
            if (object.role != null)
                if (typeof object.role !== "string" || object.role.length)
                    message.role = $String(object.role);
            if (object.version != null)
                if (typeof object.version !== "string" || object.version.length)
                    message.version = $String(object.version);
            return message;
        };

        /**
         * Creates a plain object from a JoinRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.JoinRequest
         * @static
         * @param {shoal.JoinRequest} message JoinRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        JoinRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.secret = "";
                object.hostname = "";
                object.role = "";
                object.version = "";
            }
            if (message.secret != null && $Object.hasOwnProperty.call(message, "secret"))
                object.secret = message.secret;
            if (message.hostname != null && $Object.hasOwnProperty.call(message, "hostname"))
                object.hostname = message.hostname;
            if (message.role != null && $Object.hasOwnProperty.call(message, "role"))
                object.role = message.role;
            if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                object.version = message.version;
            return object;
        };

        /**
         * Converts this JoinRequest to JSON.
         * @function toJSON
         * @memberof shoal.JoinRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        JoinRequest.prototype.toJSON = function() {
            return JoinRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for JoinRequest
         * @function getTypeUrl
         * @memberof shoal.JoinRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        JoinRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.JoinRequest";
        };

        return JoinRequest;
    })();

    shoal.JoinResponse = (function() {

        /**
         * Properties of a JoinResponse.
         * @typedef {Object} shoal.JoinResponse.$Properties
         * @property {boolean|null} [ok] JoinResponse ok
         * @property {string|null} [code] JoinResponse code
         * @property {string|null} [message] JoinResponse message
         * @property {string|null} [clusterId] JoinResponse clusterId
         * @property {string|null} [domain] JoinResponse domain
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a JoinResponse.
         * @memberof shoal
         * @interface IJoinResponse
         * @augments shoal.JoinResponse.$Properties
         * @deprecated Use shoal.JoinResponse.$Properties instead.
         */

        /**
         * Shape of a JoinResponse.
         * @typedef {shoal.JoinResponse.$Properties} shoal.JoinResponse.$Shape
         */

        /**
         * Constructs a new JoinResponse.
         * @memberof shoal
         * @classdesc Represents a JoinResponse.
         * @constructor
         * @param {shoal.JoinResponse.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const JoinResponse = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * JoinResponse ok.
         * @member {boolean} ok
         * @memberof shoal.JoinResponse
         * @instance
         */
        JoinResponse.prototype.ok = false;

        /**
         * JoinResponse code.
         * @member {string} code
         * @memberof shoal.JoinResponse
         * @instance
         */
        JoinResponse.prototype.code = "";

        /**
         * JoinResponse message.
         * @member {string} message
         * @memberof shoal.JoinResponse
         * @instance
         */
        JoinResponse.prototype.message = "";

        /**
         * JoinResponse clusterId.
         * @member {string} clusterId
         * @memberof shoal.JoinResponse
         * @instance
         */
        JoinResponse.prototype.clusterId = "";

        /**
         * JoinResponse domain.
         * @member {string} domain
         * @memberof shoal.JoinResponse
         * @instance
         */
        JoinResponse.prototype.domain = "";

        /**
         * Creates a new JoinResponse instance using the specified properties.
         * @function create
         * @memberof shoal.JoinResponse
         * @static
         * @param {shoal.JoinResponse.$Properties=} [properties] Properties to set
         * @returns {shoal.JoinResponse} JoinResponse instance
         * @type {{
         *   (properties: shoal.JoinResponse.$Shape): shoal.JoinResponse & shoal.JoinResponse.$Shape;
         *   (properties?: shoal.JoinResponse.$Properties): shoal.JoinResponse;
         * }}
         */
        JoinResponse.create = function(properties) {
            return new JoinResponse(properties);
        };

        /**
         * Encodes the specified JoinResponse message. Does not implicitly {@link shoal.JoinResponse.verify|verify} messages.
         * @function encode
         * @memberof shoal.JoinResponse
         * @static
         * @param {shoal.JoinResponse.$Properties} message JoinResponse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        JoinResponse.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.ok != null && $Object.hasOwnProperty.call(message, "ok") && message.ok !== false)
                writer.uint32(/* id 1, wireType 0 =*/8).bool(message.ok);
            if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.code);
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.message);
            if (message.clusterId != null && $Object.hasOwnProperty.call(message, "clusterId") && message.clusterId !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.clusterId);
            if (message.domain != null && $Object.hasOwnProperty.call(message, "domain") && message.domain !== "")
                writer.uint32(/* id 5, wireType 2 =*/42).string(message.domain);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a JoinResponse message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.JoinResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.JoinResponse & shoal.JoinResponse.$Shape} JoinResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        JoinResponse.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.JoinResponse();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.ok = value;
                        else
                            delete message.ok;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.code = value;
                        else
                            delete message.code;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.clusterId = value;
                        else
                            delete message.clusterId;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.domain = value;
                        else
                            delete message.domain;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a JoinResponse message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.JoinResponse
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.JoinResponse} JoinResponse
         */
        JoinResponse.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.JoinResponse)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.JoinResponse: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.JoinResponse();
            if (object.ok != null)
                if (object.ok)
                    message.ok = $Boolean(object.ok);
            if (object.code != null)
                if (typeof object.code !== "string" || object.code.length)
                    message.code = $String(object.code);
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            if (object.clusterId != null)
                if (typeof object.clusterId !== "string" || object.clusterId.length)
                    message.clusterId = $String(object.clusterId);
            if (object.domain != null)
                if (typeof object.domain !== "string" || object.domain.length)
                    message.domain = $String(object.domain);
            return message;
        };

        /**
         * Creates a plain object from a JoinResponse message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.JoinResponse
         * @static
         * @param {shoal.JoinResponse} message JoinResponse
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        JoinResponse.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.ok = false;
                object.code = "";
                object.message = "";
                object.clusterId = "";
                object.domain = "";
            }
            if (message.ok != null && $Object.hasOwnProperty.call(message, "ok"))
                object.ok = message.ok;
            if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                object.code = message.code;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            if (message.clusterId != null && $Object.hasOwnProperty.call(message, "clusterId"))
                object.clusterId = message.clusterId;
            if (message.domain != null && $Object.hasOwnProperty.call(message, "domain"))
                object.domain = message.domain;
            return object;
        };

        /**
         * Converts this JoinResponse to JSON.
         * @function toJSON
         * @memberof shoal.JoinResponse
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        JoinResponse.prototype.toJSON = function() {
            return JoinResponse.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for JoinResponse
         * @function getTypeUrl
         * @memberof shoal.JoinResponse
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        JoinResponse.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.JoinResponse";
        };

        return JoinResponse;
    })();

    shoal.DynoSpec = (function() {

        /**
         * Properties of a DynoSpec.
         * @typedef {Object} shoal.DynoSpec.$Properties
         * @property {string|null} [id] DynoSpec id
         * @property {string|null} [app] DynoSpec app
         * @property {string|null} [processType] DynoSpec processType
         * @property {string|null} [name] DynoSpec name
         * @property {number|null} [release] DynoSpec release
         * @property {string|null} [slugSha256] DynoSpec slugSha256
         * @property {string|null} [command] DynoSpec command
         * @property {Object.<string,string>|null} [env] DynoSpec env
         * @property {string|null} [size] DynoSpec size
         * @property {number|null} [port] DynoSpec port
         * @property {string|null} [stack] DynoSpec stack
         * @property {boolean|null} [oneOff] DynoSpec oneOff
         * @property {boolean|null} [attach] DynoSpec attach
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a DynoSpec.
         * @memberof shoal
         * @interface IDynoSpec
         * @augments shoal.DynoSpec.$Properties
         * @deprecated Use shoal.DynoSpec.$Properties instead.
         */

        /**
         * Shape of a DynoSpec.
         * @typedef {shoal.DynoSpec.$Properties} shoal.DynoSpec.$Shape
         */

        /**
         * Constructs a new DynoSpec.
         * @memberof shoal
         * @classdesc Represents a DynoSpec.
         * @constructor
         * @param {shoal.DynoSpec.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const DynoSpec = function (properties) {
            this.env = {};
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * DynoSpec id.
         * @member {string} id
         * @memberof shoal.DynoSpec
         * @instance
         */
        DynoSpec.prototype.id = "";

        /**
         * DynoSpec app.
         * @member {string} app
         * @memberof shoal.DynoSpec
         * @instance
         */
        DynoSpec.prototype.app = "";

        /**
         * DynoSpec processType.
         * @member {string} processType
         * @memberof shoal.DynoSpec
         * @instance
         */
        DynoSpec.prototype.processType = "";

        /**
         * DynoSpec name.
         * @member {string} name
         * @memberof shoal.DynoSpec
         * @instance
         */
        DynoSpec.prototype.name = "";

        /**
         * DynoSpec release.
         * @member {number} release
         * @memberof shoal.DynoSpec
         * @instance
         */
        DynoSpec.prototype.release = 0;

        /**
         * DynoSpec slugSha256.
         * @member {string} slugSha256
         * @memberof shoal.DynoSpec
         * @instance
         */
        DynoSpec.prototype.slugSha256 = "";

        /**
         * DynoSpec command.
         * @member {string} command
         * @memberof shoal.DynoSpec
         * @instance
         */
        DynoSpec.prototype.command = "";

        /**
         * DynoSpec env.
         * @member {Object.<string,string>} env
         * @memberof shoal.DynoSpec
         * @instance
         */
        DynoSpec.prototype.env = $util.emptyObject;

        /**
         * DynoSpec size.
         * @member {string} size
         * @memberof shoal.DynoSpec
         * @instance
         */
        DynoSpec.prototype.size = "";

        /**
         * DynoSpec port.
         * @member {number} port
         * @memberof shoal.DynoSpec
         * @instance
         */
        DynoSpec.prototype.port = 0;

        /**
         * DynoSpec stack.
         * @member {string} stack
         * @memberof shoal.DynoSpec
         * @instance
         */
        DynoSpec.prototype.stack = "";

        /**
         * DynoSpec oneOff.
         * @member {boolean} oneOff
         * @memberof shoal.DynoSpec
         * @instance
         */
        DynoSpec.prototype.oneOff = false;

        /**
         * DynoSpec attach.
         * @member {boolean} attach
         * @memberof shoal.DynoSpec
         * @instance
         */
        DynoSpec.prototype.attach = false;

        /**
         * Creates a new DynoSpec instance using the specified properties.
         * @function create
         * @memberof shoal.DynoSpec
         * @static
         * @param {shoal.DynoSpec.$Properties=} [properties] Properties to set
         * @returns {shoal.DynoSpec} DynoSpec instance
         * @type {{
         *   (properties: shoal.DynoSpec.$Shape): shoal.DynoSpec & shoal.DynoSpec.$Shape;
         *   (properties?: shoal.DynoSpec.$Properties): shoal.DynoSpec;
         * }}
         */
        DynoSpec.create = function(properties) {
            return new DynoSpec(properties);
        };

        /**
         * Encodes the specified DynoSpec message. Does not implicitly {@link shoal.DynoSpec.verify|verify} messages.
         * @function encode
         * @memberof shoal.DynoSpec
         * @static
         * @param {shoal.DynoSpec.$Properties} message DynoSpec message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DynoSpec.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.id);
            if (message.app != null && $Object.hasOwnProperty.call(message, "app") && message.app !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.app);
            if (message.processType != null && $Object.hasOwnProperty.call(message, "processType") && message.processType !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.processType);
            if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.name);
            if (message.release != null && $Object.hasOwnProperty.call(message, "release") && message.release !== 0)
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.release);
            if (message.slugSha256 != null && $Object.hasOwnProperty.call(message, "slugSha256") && message.slugSha256 !== "")
                writer.uint32(/* id 6, wireType 2 =*/50).string(message.slugSha256);
            if (message.command != null && $Object.hasOwnProperty.call(message, "command") && message.command !== "")
                writer.uint32(/* id 7, wireType 2 =*/58).string(message.command);
            if (message.env != null && $Object.hasOwnProperty.call(message, "env"))
                for (let keys = $Object.keys(message.env), i = 0; i < keys.length; ++i)
                    writer.uint32(/* id 8, wireType 2 =*/66).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.env[keys[i]]).ldelim();
            if (message.size != null && $Object.hasOwnProperty.call(message, "size") && message.size !== "")
                writer.uint32(/* id 9, wireType 2 =*/74).string(message.size);
            if (message.port != null && $Object.hasOwnProperty.call(message, "port") && message.port !== 0)
                writer.uint32(/* id 10, wireType 0 =*/80).uint32(message.port);
            if (message.stack != null && $Object.hasOwnProperty.call(message, "stack") && message.stack !== "")
                writer.uint32(/* id 11, wireType 2 =*/90).string(message.stack);
            if (message.oneOff != null && $Object.hasOwnProperty.call(message, "oneOff") && message.oneOff !== false)
                writer.uint32(/* id 12, wireType 0 =*/96).bool(message.oneOff);
            if (message.attach != null && $Object.hasOwnProperty.call(message, "attach") && message.attach !== false)
                writer.uint32(/* id 13, wireType 0 =*/104).bool(message.attach);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a DynoSpec message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.DynoSpec
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.DynoSpec & shoal.DynoSpec.$Shape} DynoSpec
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DynoSpec.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, key, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.DynoSpec();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.id = value;
                        else
                            delete message.id;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.app = value;
                        else
                            delete message.app;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.processType = value;
                        else
                            delete message.processType;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.name = value;
                        else
                            delete message.name;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.release = value;
                        else
                            delete message.release;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.slugSha256 = value;
                        else
                            delete message.slugSha256;
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.command = value;
                        else
                            delete message.command;
                        continue;
                    }
                case 8: {
                        if (wireType !== 2)
                            break;
                        if (message.env === $util.emptyObject)
                            message.env = {};
                        let end2 = reader.size() + reader.pos;
                        if (end2 > reader.len)
                            throw $RangeError("index out of range");
                        reader.len = end2;
                        key = "";
                        value = "";
                        while (reader.pos < end2) {
                            let tag2 = reader.tag();
                            wireType = tag2 & 7;
                            switch (tag2 >>>= 3) {
                            case 1:
                                if (wireType !== 2)
                                    break;
                                key = reader.stringVerify();
                                continue;
                            case 2:
                                if (wireType !== 2)
                                    break;
                                value = reader.stringVerify();
                                continue;
                            }
                            reader.skipType(wireType, _depth, tag2);
                        }
                        if (reader.pos !== end2)
                            throw $RangeError("index out of range");
                        reader.len = end;
                        if (key === "__proto__")
                            $util.makeProp(message.env, key);
                        message.env[key] = value;
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.size = value;
                        else
                            delete message.size;
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.port = value;
                        else
                            delete message.port;
                        continue;
                    }
                case 11: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.stack = value;
                        else
                            delete message.stack;
                        continue;
                    }
                case 12: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.oneOff = value;
                        else
                            delete message.oneOff;
                        continue;
                    }
                case 13: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.attach = value;
                        else
                            delete message.attach;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a DynoSpec message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.DynoSpec
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.DynoSpec} DynoSpec
         */
        DynoSpec.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.DynoSpec)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.DynoSpec: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.DynoSpec();
            if (object.id != null)
                if (typeof object.id !== "string" || object.id.length)
                    message.id = $String(object.id);
            if (object.app != null)
                if (typeof object.app !== "string" || object.app.length)
                    message.app = $String(object.app);
            if (object.processType != null)
                if (typeof object.processType !== "string" || object.processType.length)
                    message.processType = $String(object.processType);
            if (object.name != null)
                if (typeof object.name !== "string" || object.name.length)
                    message.name = $String(object.name);
            if (object.release != null)
                if ($Number(object.release) !== 0)
                    message.release = object.release >>> 0;
            if (object.slugSha256 != null)
                if (typeof object.slugSha256 !== "string" || object.slugSha256.length)
                    message.slugSha256 = $String(object.slugSha256);
            if (object.command != null)
                if (typeof object.command !== "string" || object.command.length)
                    message.command = $String(object.command);
            if (object.env) {
                if (!$util.isObject(object.env))
                    throw $TypeError(".shoal.DynoSpec.env: object expected");
                message.env = {};
                for (let keys = $Object.keys(object.env), i = 0; i < keys.length; ++i) {
                    if (keys[i] === "__proto__")
                        $util.makeProp(message.env, keys[i]);
                    message.env[keys[i]] = $String(object.env[keys[i]]);
                }
            }
            if (object.size != null)
                if (typeof object.size !== "string" || object.size.length)
                    message.size = $String(object.size);
            if (object.port != null)
                if ($Number(object.port) !== 0)
                    message.port = object.port >>> 0;
            if (object.stack != null)
                if (typeof object.stack !== "string" || object.stack.length)
                    message.stack = $String(object.stack);
            if (object.oneOff != null)
                if (object.oneOff)
                    message.oneOff = $Boolean(object.oneOff);
            if (object.attach != null)
                if (object.attach)
                    message.attach = $Boolean(object.attach);
            return message;
        };

        /**
         * Creates a plain object from a DynoSpec message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.DynoSpec
         * @static
         * @param {shoal.DynoSpec} message DynoSpec
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        DynoSpec.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.objects || options.defaults)
                object.env = {};
            if (options.defaults) {
                object.id = "";
                object.app = "";
                object.processType = "";
                object.name = "";
                object.release = 0;
                object.slugSha256 = "";
                object.command = "";
                object.size = "";
                object.port = 0;
                object.stack = "";
                object.oneOff = false;
                object.attach = false;
            }
            if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                object.id = message.id;
            if (message.app != null && $Object.hasOwnProperty.call(message, "app"))
                object.app = message.app;
            if (message.processType != null && $Object.hasOwnProperty.call(message, "processType"))
                object.processType = message.processType;
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                object.name = message.name;
            if (message.release != null && $Object.hasOwnProperty.call(message, "release"))
                object.release = message.release;
            if (message.slugSha256 != null && $Object.hasOwnProperty.call(message, "slugSha256"))
                object.slugSha256 = message.slugSha256;
            if (message.command != null && $Object.hasOwnProperty.call(message, "command"))
                object.command = message.command;
            let keys2;
            if (message.env && (keys2 = $Object.keys(message.env)).length) {
                object.env = {};
                for (let j = 0; j < keys2.length; ++j) {
                    if (keys2[j] === "__proto__")
                        $util.makeProp(object.env, keys2[j]);
                    object.env[keys2[j]] = message.env[keys2[j]];
                }
            }
            if (message.size != null && $Object.hasOwnProperty.call(message, "size"))
                object.size = message.size;
            if (message.port != null && $Object.hasOwnProperty.call(message, "port"))
                object.port = message.port;
            if (message.stack != null && $Object.hasOwnProperty.call(message, "stack"))
                object.stack = message.stack;
            if (message.oneOff != null && $Object.hasOwnProperty.call(message, "oneOff"))
                object.oneOff = message.oneOff;
            if (message.attach != null && $Object.hasOwnProperty.call(message, "attach"))
                object.attach = message.attach;
            return object;
        };

        /**
         * Converts this DynoSpec to JSON.
         * @function toJSON
         * @memberof shoal.DynoSpec
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        DynoSpec.prototype.toJSON = function() {
            return DynoSpec.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for DynoSpec
         * @function getTypeUrl
         * @memberof shoal.DynoSpec
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        DynoSpec.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.DynoSpec";
        };

        return DynoSpec;
    })();

    shoal.DesiredState = (function() {

        /**
         * Properties of a DesiredState.
         * @typedef {Object} shoal.DesiredState.$Properties
         * @property {number|null} [epoch] DesiredState epoch
         * @property {number|null} [generation] DesiredState generation
         * @property {string|null} [hostId] DesiredState hostId
         * @property {Array.<shoal.DynoSpec.$Properties>|null} [dynos] DesiredState dynos
         * @property {boolean|null} [draining] DesiredState draining
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a DesiredState.
         * @memberof shoal
         * @interface IDesiredState
         * @augments shoal.DesiredState.$Properties
         * @deprecated Use shoal.DesiredState.$Properties instead.
         */

        /**
         * Shape of a DesiredState.
         * @typedef {shoal.DesiredState.$Properties} shoal.DesiredState.$Shape
         */

        /**
         * Constructs a new DesiredState.
         * @memberof shoal
         * @classdesc Represents a DesiredState.
         * @constructor
         * @param {shoal.DesiredState.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const DesiredState = function (properties) {
            this.dynos = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * DesiredState epoch.
         * @member {number} epoch
         * @memberof shoal.DesiredState
         * @instance
         */
        DesiredState.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * DesiredState generation.
         * @member {number} generation
         * @memberof shoal.DesiredState
         * @instance
         */
        DesiredState.prototype.generation = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * DesiredState hostId.
         * @member {string} hostId
         * @memberof shoal.DesiredState
         * @instance
         */
        DesiredState.prototype.hostId = "";

        /**
         * DesiredState dynos.
         * @member {Array.<shoal.DynoSpec.$Properties>} dynos
         * @memberof shoal.DesiredState
         * @instance
         */
        DesiredState.prototype.dynos = $util.emptyArray;

        /**
         * DesiredState draining.
         * @member {boolean} draining
         * @memberof shoal.DesiredState
         * @instance
         */
        DesiredState.prototype.draining = false;

        /**
         * Creates a new DesiredState instance using the specified properties.
         * @function create
         * @memberof shoal.DesiredState
         * @static
         * @param {shoal.DesiredState.$Properties=} [properties] Properties to set
         * @returns {shoal.DesiredState} DesiredState instance
         * @type {{
         *   (properties: shoal.DesiredState.$Shape): shoal.DesiredState & shoal.DesiredState.$Shape;
         *   (properties?: shoal.DesiredState.$Properties): shoal.DesiredState;
         * }}
         */
        DesiredState.create = function(properties) {
            return new DesiredState(properties);
        };

        /**
         * Encodes the specified DesiredState message. Does not implicitly {@link shoal.DesiredState.verify|verify} messages.
         * @function encode
         * @memberof shoal.DesiredState
         * @static
         * @param {shoal.DesiredState.$Properties} message DesiredState message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DesiredState.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.epoch);
            if (message.generation != null && $Object.hasOwnProperty.call(message, "generation") && (typeof message.generation === "object" ? message.generation.low || message.generation.high : message.generation !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.generation);
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId") && message.hostId !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.hostId);
            if (message.dynos != null && message.dynos.length)
                for (let i = 0; i < message.dynos.length; ++i)
                    $root.shoal.DynoSpec.encode(message.dynos[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.draining != null && $Object.hasOwnProperty.call(message, "draining") && message.draining !== false)
                writer.uint32(/* id 5, wireType 0 =*/40).bool(message.draining);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a DesiredState message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.DesiredState
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.DesiredState & shoal.DesiredState.$Shape} DesiredState
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DesiredState.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.DesiredState();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.generation = value;
                        else
                            delete message.generation;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostId = value;
                        else
                            delete message.hostId;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.dynos && message.dynos.length))
                            message.dynos = [];
                        message.dynos.push($root.shoal.DynoSpec.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.draining = value;
                        else
                            delete message.draining;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a DesiredState message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.DesiredState
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.DesiredState} DesiredState
         */
        DesiredState.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.DesiredState)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.DesiredState: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.DesiredState();
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            if (object.generation != null)
                if (typeof object.generation === "object" ? object.generation.low || object.generation.high : $Number(object.generation) !== 0)
                    if ($util.Long)
                        message.generation = $util.Long.fromValue(object.generation, true);
                    else if (typeof object.generation === "string")
                        message.generation = $parseInt(object.generation, 10);
                    else if (typeof object.generation === "number")
                        message.generation = object.generation;
                    else if (typeof object.generation === "object")
                        message.generation = new $util.LongBits(object.generation.low >>> 0, object.generation.high >>> 0).toNumber(true);
            if (object.hostId != null)
                if (typeof object.hostId !== "string" || object.hostId.length)
                    message.hostId = $String(object.hostId);
            if (object.dynos) {
                if (!$Array.isArray(object.dynos))
                    throw $TypeError(".shoal.DesiredState.dynos: array expected");
                message.dynos = $Array(object.dynos.length);
                for (let i = 0; i < object.dynos.length; ++i) {
                    if (!$util.isObject(object.dynos[i]))
                        throw $TypeError(".shoal.DesiredState.dynos: object expected");
                    message.dynos[i] = $root.shoal.DynoSpec.fromObject(object.dynos[i], _depth + 1);
                }
            }
            if (object.draining != null)
                if (object.draining)
                    message.draining = $Boolean(object.draining);
            return message;
        };

        /**
         * Creates a plain object from a DesiredState message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.DesiredState
         * @static
         * @param {shoal.DesiredState} message DesiredState
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        DesiredState.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.dynos = [];
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.generation = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.generation = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.hostId = "";
                object.draining = false;
            }
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            if (message.generation != null && $Object.hasOwnProperty.call(message, "generation"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.generation = typeof message.generation === "number" ? $BigInt(message.generation) : $util.Long.fromBits(message.generation.low >>> 0, message.generation.high >>> 0, true).toBigInt();
                else if (typeof message.generation === "number")
                    object.generation = options.longs === $String ? $String(message.generation) : message.generation;
                else
                    object.generation = options.longs === $String ? $util.Long.prototype.toString.call(message.generation) : options.longs === $Number ? new $util.LongBits(message.generation.low >>> 0, message.generation.high >>> 0).toNumber(true) : message.generation;
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId"))
                object.hostId = message.hostId;
            if (message.dynos && message.dynos.length) {
                object.dynos = $Array(message.dynos.length);
                for (let j = 0; j < message.dynos.length; ++j)
                    object.dynos[j] = $root.shoal.DynoSpec.toObject(message.dynos[j], options, _depth + 1);
            }
            if (message.draining != null && $Object.hasOwnProperty.call(message, "draining"))
                object.draining = message.draining;
            return object;
        };

        /**
         * Converts this DesiredState to JSON.
         * @function toJSON
         * @memberof shoal.DesiredState
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        DesiredState.prototype.toJSON = function() {
            return DesiredState.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for DesiredState
         * @function getTypeUrl
         * @memberof shoal.DesiredState
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        DesiredState.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.DesiredState";
        };

        return DesiredState;
    })();

    shoal.DesiredStateAck = (function() {

        /**
         * Properties of a DesiredStateAck.
         * @typedef {Object} shoal.DesiredStateAck.$Properties
         * @property {boolean|null} [accepted] DesiredStateAck accepted
         * @property {string|null} [code] DesiredStateAck code
         * @property {string|null} [message] DesiredStateAck message
         * @property {number|null} [epoch] DesiredStateAck epoch
         * @property {number|null} [generation] DesiredStateAck generation
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a DesiredStateAck.
         * @memberof shoal
         * @interface IDesiredStateAck
         * @augments shoal.DesiredStateAck.$Properties
         * @deprecated Use shoal.DesiredStateAck.$Properties instead.
         */

        /**
         * Shape of a DesiredStateAck.
         * @typedef {shoal.DesiredStateAck.$Properties} shoal.DesiredStateAck.$Shape
         */

        /**
         * Constructs a new DesiredStateAck.
         * @memberof shoal
         * @classdesc Represents a DesiredStateAck.
         * @constructor
         * @param {shoal.DesiredStateAck.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const DesiredStateAck = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * DesiredStateAck accepted.
         * @member {boolean} accepted
         * @memberof shoal.DesiredStateAck
         * @instance
         */
        DesiredStateAck.prototype.accepted = false;

        /**
         * DesiredStateAck code.
         * @member {string} code
         * @memberof shoal.DesiredStateAck
         * @instance
         */
        DesiredStateAck.prototype.code = "";

        /**
         * DesiredStateAck message.
         * @member {string} message
         * @memberof shoal.DesiredStateAck
         * @instance
         */
        DesiredStateAck.prototype.message = "";

        /**
         * DesiredStateAck epoch.
         * @member {number} epoch
         * @memberof shoal.DesiredStateAck
         * @instance
         */
        DesiredStateAck.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * DesiredStateAck generation.
         * @member {number} generation
         * @memberof shoal.DesiredStateAck
         * @instance
         */
        DesiredStateAck.prototype.generation = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new DesiredStateAck instance using the specified properties.
         * @function create
         * @memberof shoal.DesiredStateAck
         * @static
         * @param {shoal.DesiredStateAck.$Properties=} [properties] Properties to set
         * @returns {shoal.DesiredStateAck} DesiredStateAck instance
         * @type {{
         *   (properties: shoal.DesiredStateAck.$Shape): shoal.DesiredStateAck & shoal.DesiredStateAck.$Shape;
         *   (properties?: shoal.DesiredStateAck.$Properties): shoal.DesiredStateAck;
         * }}
         */
        DesiredStateAck.create = function(properties) {
            return new DesiredStateAck(properties);
        };

        /**
         * Encodes the specified DesiredStateAck message. Does not implicitly {@link shoal.DesiredStateAck.verify|verify} messages.
         * @function encode
         * @memberof shoal.DesiredStateAck
         * @static
         * @param {shoal.DesiredStateAck.$Properties} message DesiredStateAck message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DesiredStateAck.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted") && message.accepted !== false)
                writer.uint32(/* id 1, wireType 0 =*/8).bool(message.accepted);
            if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.code);
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.message);
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.epoch);
            if (message.generation != null && $Object.hasOwnProperty.call(message, "generation") && (typeof message.generation === "object" ? message.generation.low || message.generation.high : message.generation !== 0))
                writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.generation);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a DesiredStateAck message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.DesiredStateAck
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.DesiredStateAck & shoal.DesiredStateAck.$Shape} DesiredStateAck
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DesiredStateAck.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.DesiredStateAck();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.accepted = value;
                        else
                            delete message.accepted;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.code = value;
                        else
                            delete message.code;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.generation = value;
                        else
                            delete message.generation;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a DesiredStateAck message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.DesiredStateAck
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.DesiredStateAck} DesiredStateAck
         */
        DesiredStateAck.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.DesiredStateAck)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.DesiredStateAck: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.DesiredStateAck();
            if (object.accepted != null)
                if (object.accepted)
                    message.accepted = $Boolean(object.accepted);
            if (object.code != null)
                if (typeof object.code !== "string" || object.code.length)
                    message.code = $String(object.code);
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            if (object.generation != null)
                if (typeof object.generation === "object" ? object.generation.low || object.generation.high : $Number(object.generation) !== 0)
                    if ($util.Long)
                        message.generation = $util.Long.fromValue(object.generation, true);
                    else if (typeof object.generation === "string")
                        message.generation = $parseInt(object.generation, 10);
                    else if (typeof object.generation === "number")
                        message.generation = object.generation;
                    else if (typeof object.generation === "object")
                        message.generation = new $util.LongBits(object.generation.low >>> 0, object.generation.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a DesiredStateAck message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.DesiredStateAck
         * @static
         * @param {shoal.DesiredStateAck} message DesiredStateAck
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        DesiredStateAck.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.accepted = false;
                object.code = "";
                object.message = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.generation = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.generation = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted"))
                object.accepted = message.accepted;
            if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                object.code = message.code;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            if (message.generation != null && $Object.hasOwnProperty.call(message, "generation"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.generation = typeof message.generation === "number" ? $BigInt(message.generation) : $util.Long.fromBits(message.generation.low >>> 0, message.generation.high >>> 0, true).toBigInt();
                else if (typeof message.generation === "number")
                    object.generation = options.longs === $String ? $String(message.generation) : message.generation;
                else
                    object.generation = options.longs === $String ? $util.Long.prototype.toString.call(message.generation) : options.longs === $Number ? new $util.LongBits(message.generation.low >>> 0, message.generation.high >>> 0).toNumber(true) : message.generation;
            return object;
        };

        /**
         * Converts this DesiredStateAck to JSON.
         * @function toJSON
         * @memberof shoal.DesiredStateAck
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        DesiredStateAck.prototype.toJSON = function() {
            return DesiredStateAck.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for DesiredStateAck
         * @function getTypeUrl
         * @memberof shoal.DesiredStateAck
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        DesiredStateAck.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.DesiredStateAck";
        };

        return DesiredStateAck;
    })();

    /**
     * DynoState enum.
     * @name shoal.DynoState
     * @enum {number}
     * @property {number} DYNO_STATE_UNSPECIFIED=0 DYNO_STATE_UNSPECIFIED value
     * @property {number} DYNO_STATE_STARTING=1 DYNO_STATE_STARTING value
     * @property {number} DYNO_STATE_UP=2 DYNO_STATE_UP value
     * @property {number} DYNO_STATE_STOPPING=3 DYNO_STATE_STOPPING value
     * @property {number} DYNO_STATE_DOWN=4 DYNO_STATE_DOWN value
     * @property {number} DYNO_STATE_CRASHED=5 DYNO_STATE_CRASHED value
     * @property {number} DYNO_STATE_PENDING=6 DYNO_STATE_PENDING value
     */
    shoal.DynoState = (function() {
        const valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "DYNO_STATE_UNSPECIFIED"] = 0;
        values[valuesById[1] = "DYNO_STATE_STARTING"] = 1;
        values[valuesById[2] = "DYNO_STATE_UP"] = 2;
        values[valuesById[3] = "DYNO_STATE_STOPPING"] = 3;
        values[valuesById[4] = "DYNO_STATE_DOWN"] = 4;
        values[valuesById[5] = "DYNO_STATE_CRASHED"] = 5;
        values[valuesById[6] = "DYNO_STATE_PENDING"] = 6;
        return values;
    })();

    shoal.DynoStatus = (function() {

        /**
         * Properties of a DynoStatus.
         * @typedef {Object} shoal.DynoStatus.$Properties
         * @property {string|null} [id] DynoStatus id
         * @property {string|null} [app] DynoStatus app
         * @property {string|null} [name] DynoStatus name
         * @property {string|null} [hostId] DynoStatus hostId
         * @property {shoal.DynoState|null} [state] DynoStatus state
         * @property {number|null} [release] DynoStatus release
         * @property {number|null} [sinceMs] DynoStatus sinceMs
         * @property {number|null} [exitCode] DynoStatus exitCode
         * @property {number|null} [restarts] DynoStatus restarts
         * @property {string|null} [message] DynoStatus message
         * @property {number|null} [memoryBytes] DynoStatus memoryBytes
         * @property {number|null} [cpuLoad] DynoStatus cpuLoad
         * @property {number|null} [memoryQuotaBytes] DynoStatus memoryQuotaBytes
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a DynoStatus.
         * @memberof shoal
         * @interface IDynoStatus
         * @augments shoal.DynoStatus.$Properties
         * @deprecated Use shoal.DynoStatus.$Properties instead.
         */

        /**
         * Shape of a DynoStatus.
         * @typedef {shoal.DynoStatus.$Properties} shoal.DynoStatus.$Shape
         */

        /**
         * Constructs a new DynoStatus.
         * @memberof shoal
         * @classdesc Represents a DynoStatus.
         * @constructor
         * @param {shoal.DynoStatus.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const DynoStatus = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * DynoStatus id.
         * @member {string} id
         * @memberof shoal.DynoStatus
         * @instance
         */
        DynoStatus.prototype.id = "";

        /**
         * DynoStatus app.
         * @member {string} app
         * @memberof shoal.DynoStatus
         * @instance
         */
        DynoStatus.prototype.app = "";

        /**
         * DynoStatus name.
         * @member {string} name
         * @memberof shoal.DynoStatus
         * @instance
         */
        DynoStatus.prototype.name = "";

        /**
         * DynoStatus hostId.
         * @member {string} hostId
         * @memberof shoal.DynoStatus
         * @instance
         */
        DynoStatus.prototype.hostId = "";

        /**
         * DynoStatus state.
         * @member {shoal.DynoState} state
         * @memberof shoal.DynoStatus
         * @instance
         */
        DynoStatus.prototype.state = 0;

        /**
         * DynoStatus release.
         * @member {number} release
         * @memberof shoal.DynoStatus
         * @instance
         */
        DynoStatus.prototype.release = 0;

        /**
         * DynoStatus sinceMs.
         * @member {number} sinceMs
         * @memberof shoal.DynoStatus
         * @instance
         */
        DynoStatus.prototype.sinceMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * DynoStatus exitCode.
         * @member {number} exitCode
         * @memberof shoal.DynoStatus
         * @instance
         */
        DynoStatus.prototype.exitCode = 0;

        /**
         * DynoStatus restarts.
         * @member {number} restarts
         * @memberof shoal.DynoStatus
         * @instance
         */
        DynoStatus.prototype.restarts = 0;

        /**
         * DynoStatus message.
         * @member {string} message
         * @memberof shoal.DynoStatus
         * @instance
         */
        DynoStatus.prototype.message = "";

        /**
         * DynoStatus memoryBytes.
         * @member {number} memoryBytes
         * @memberof shoal.DynoStatus
         * @instance
         */
        DynoStatus.prototype.memoryBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * DynoStatus cpuLoad.
         * @member {number} cpuLoad
         * @memberof shoal.DynoStatus
         * @instance
         */
        DynoStatus.prototype.cpuLoad = 0;

        /**
         * DynoStatus memoryQuotaBytes.
         * @member {number} memoryQuotaBytes
         * @memberof shoal.DynoStatus
         * @instance
         */
        DynoStatus.prototype.memoryQuotaBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new DynoStatus instance using the specified properties.
         * @function create
         * @memberof shoal.DynoStatus
         * @static
         * @param {shoal.DynoStatus.$Properties=} [properties] Properties to set
         * @returns {shoal.DynoStatus} DynoStatus instance
         * @type {{
         *   (properties: shoal.DynoStatus.$Shape): shoal.DynoStatus & shoal.DynoStatus.$Shape;
         *   (properties?: shoal.DynoStatus.$Properties): shoal.DynoStatus;
         * }}
         */
        DynoStatus.create = function(properties) {
            return new DynoStatus(properties);
        };

        /**
         * Encodes the specified DynoStatus message. Does not implicitly {@link shoal.DynoStatus.verify|verify} messages.
         * @function encode
         * @memberof shoal.DynoStatus
         * @static
         * @param {shoal.DynoStatus.$Properties} message DynoStatus message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DynoStatus.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.id);
            if (message.app != null && $Object.hasOwnProperty.call(message, "app") && message.app !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.app);
            if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.name);
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId") && message.hostId !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.hostId);
            if (message.state != null && $Object.hasOwnProperty.call(message, "state") && message.state !== 0)
                writer.uint32(/* id 5, wireType 0 =*/40).int32(message.state);
            if (message.release != null && $Object.hasOwnProperty.call(message, "release") && message.release !== 0)
                writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.release);
            if (message.sinceMs != null && $Object.hasOwnProperty.call(message, "sinceMs") && (typeof message.sinceMs === "object" ? message.sinceMs.low || message.sinceMs.high : message.sinceMs !== 0))
                writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.sinceMs);
            if (message.exitCode != null && $Object.hasOwnProperty.call(message, "exitCode") && message.exitCode !== 0)
                writer.uint32(/* id 8, wireType 0 =*/64).int32(message.exitCode);
            if (message.restarts != null && $Object.hasOwnProperty.call(message, "restarts") && message.restarts !== 0)
                writer.uint32(/* id 9, wireType 0 =*/72).uint32(message.restarts);
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 10, wireType 2 =*/82).string(message.message);
            if (message.memoryBytes != null && $Object.hasOwnProperty.call(message, "memoryBytes") && (typeof message.memoryBytes === "object" ? message.memoryBytes.low || message.memoryBytes.high : message.memoryBytes !== 0))
                writer.uint32(/* id 11, wireType 0 =*/88).uint64(message.memoryBytes);
            if (message.cpuLoad != null && $Object.hasOwnProperty.call(message, "cpuLoad") && !$Object.is(message.cpuLoad, 0))
                writer.uint32(/* id 12, wireType 1 =*/97).double(message.cpuLoad);
            if (message.memoryQuotaBytes != null && $Object.hasOwnProperty.call(message, "memoryQuotaBytes") && (typeof message.memoryQuotaBytes === "object" ? message.memoryQuotaBytes.low || message.memoryQuotaBytes.high : message.memoryQuotaBytes !== 0))
                writer.uint32(/* id 13, wireType 0 =*/104).uint64(message.memoryQuotaBytes);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a DynoStatus message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.DynoStatus
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.DynoStatus & shoal.DynoStatus.$Shape} DynoStatus
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DynoStatus.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.DynoStatus();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.id = value;
                        else
                            delete message.id;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.app = value;
                        else
                            delete message.app;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.name = value;
                        else
                            delete message.name;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostId = value;
                        else
                            delete message.hostId;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.state = value;
                        else
                            delete message.state;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.release = value;
                        else
                            delete message.release;
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.sinceMs = value;
                        else
                            delete message.sinceMs;
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.exitCode = value;
                        else
                            delete message.exitCode;
                        continue;
                    }
                case 9: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.restarts = value;
                        else
                            delete message.restarts;
                        continue;
                    }
                case 10: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                case 11: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.memoryBytes = value;
                        else
                            delete message.memoryBytes;
                        continue;
                    }
                case 12: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.cpuLoad = value;
                        else
                            delete message.cpuLoad;
                        continue;
                    }
                case 13: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.memoryQuotaBytes = value;
                        else
                            delete message.memoryQuotaBytes;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a DynoStatus message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.DynoStatus
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.DynoStatus} DynoStatus
         */
        DynoStatus.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.DynoStatus)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.DynoStatus: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.DynoStatus();
            if (object.id != null)
                if (typeof object.id !== "string" || object.id.length)
                    message.id = $String(object.id);
            if (object.app != null)
                if (typeof object.app !== "string" || object.app.length)
                    message.app = $String(object.app);
            if (object.name != null)
                if (typeof object.name !== "string" || object.name.length)
                    message.name = $String(object.name);
            if (object.hostId != null)
                if (typeof object.hostId !== "string" || object.hostId.length)
                    message.hostId = $String(object.hostId);
            if (object.state !== 0 && (typeof object.state !== "string" || $root.shoal.DynoState[object.state] !== 0))
                switch (object.state) {
                case "DYNO_STATE_UNSPECIFIED":
                case 0:
                    message.state = 0;
                    break;
                case "DYNO_STATE_STARTING":
                case 1:
                    message.state = 1;
                    break;
                case "DYNO_STATE_UP":
                case 2:
                    message.state = 2;
                    break;
                case "DYNO_STATE_STOPPING":
                case 3:
                    message.state = 3;
                    break;
                case "DYNO_STATE_DOWN":
                case 4:
                    message.state = 4;
                    break;
                case "DYNO_STATE_CRASHED":
                case 5:
                    message.state = 5;
                    break;
                case "DYNO_STATE_PENDING":
                case 6:
                    message.state = 6;
                    break;
                default:
                    if (typeof object.state === "number" && (object.state | 0) === object.state)
                        message.state = object.state;
                }
            if (object.release != null)
                if ($Number(object.release) !== 0)
                    message.release = object.release >>> 0;
            if (object.sinceMs != null)
                if (typeof object.sinceMs === "object" ? object.sinceMs.low || object.sinceMs.high : $Number(object.sinceMs) !== 0)
                    if ($util.Long)
                        message.sinceMs = $util.Long.fromValue(object.sinceMs, true);
                    else if (typeof object.sinceMs === "string")
                        message.sinceMs = $parseInt(object.sinceMs, 10);
                    else if (typeof object.sinceMs === "number")
                        message.sinceMs = object.sinceMs;
                    else if (typeof object.sinceMs === "object")
                        message.sinceMs = new $util.LongBits(object.sinceMs.low >>> 0, object.sinceMs.high >>> 0).toNumber(true);
            if (object.exitCode != null)
                if ($Number(object.exitCode) !== 0)
                    message.exitCode = object.exitCode | 0;
            if (object.restarts != null)
                if ($Number(object.restarts) !== 0)
                    message.restarts = object.restarts >>> 0;
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            if (object.memoryBytes != null)
                if (typeof object.memoryBytes === "object" ? object.memoryBytes.low || object.memoryBytes.high : $Number(object.memoryBytes) !== 0)
                    if ($util.Long)
                        message.memoryBytes = $util.Long.fromValue(object.memoryBytes, true);
                    else if (typeof object.memoryBytes === "string")
                        message.memoryBytes = $parseInt(object.memoryBytes, 10);
                    else if (typeof object.memoryBytes === "number")
                        message.memoryBytes = object.memoryBytes;
                    else if (typeof object.memoryBytes === "object")
                        message.memoryBytes = new $util.LongBits(object.memoryBytes.low >>> 0, object.memoryBytes.high >>> 0).toNumber(true);
            if (object.cpuLoad != null)
                if (!$Object.is($Number(object.cpuLoad), 0))
                    message.cpuLoad = $Number(object.cpuLoad);
            if (object.memoryQuotaBytes != null)
                if (typeof object.memoryQuotaBytes === "object" ? object.memoryQuotaBytes.low || object.memoryQuotaBytes.high : $Number(object.memoryQuotaBytes) !== 0)
                    if ($util.Long)
                        message.memoryQuotaBytes = $util.Long.fromValue(object.memoryQuotaBytes, true);
                    else if (typeof object.memoryQuotaBytes === "string")
                        message.memoryQuotaBytes = $parseInt(object.memoryQuotaBytes, 10);
                    else if (typeof object.memoryQuotaBytes === "number")
                        message.memoryQuotaBytes = object.memoryQuotaBytes;
                    else if (typeof object.memoryQuotaBytes === "object")
                        message.memoryQuotaBytes = new $util.LongBits(object.memoryQuotaBytes.low >>> 0, object.memoryQuotaBytes.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a DynoStatus message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.DynoStatus
         * @static
         * @param {shoal.DynoStatus} message DynoStatus
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        DynoStatus.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.id = "";
                object.app = "";
                object.name = "";
                object.hostId = "";
                object.state = options.enums === $String ? "DYNO_STATE_UNSPECIFIED" : 0;
                object.release = 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.sinceMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.sinceMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.exitCode = 0;
                object.restarts = 0;
                object.message = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.memoryBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.memoryBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.cpuLoad = 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.memoryQuotaBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.memoryQuotaBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                object.id = message.id;
            if (message.app != null && $Object.hasOwnProperty.call(message, "app"))
                object.app = message.app;
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                object.name = message.name;
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId"))
                object.hostId = message.hostId;
            if (message.state != null && $Object.hasOwnProperty.call(message, "state"))
                object.state = options.enums === $String ? $root.shoal.DynoState[message.state] === $undefined ? message.state : $root.shoal.DynoState[message.state] : message.state;
            if (message.release != null && $Object.hasOwnProperty.call(message, "release"))
                object.release = message.release;
            if (message.sinceMs != null && $Object.hasOwnProperty.call(message, "sinceMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.sinceMs = typeof message.sinceMs === "number" ? $BigInt(message.sinceMs) : $util.Long.fromBits(message.sinceMs.low >>> 0, message.sinceMs.high >>> 0, true).toBigInt();
                else if (typeof message.sinceMs === "number")
                    object.sinceMs = options.longs === $String ? $String(message.sinceMs) : message.sinceMs;
                else
                    object.sinceMs = options.longs === $String ? $util.Long.prototype.toString.call(message.sinceMs) : options.longs === $Number ? new $util.LongBits(message.sinceMs.low >>> 0, message.sinceMs.high >>> 0).toNumber(true) : message.sinceMs;
            if (message.exitCode != null && $Object.hasOwnProperty.call(message, "exitCode"))
                object.exitCode = message.exitCode;
            if (message.restarts != null && $Object.hasOwnProperty.call(message, "restarts"))
                object.restarts = message.restarts;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            if (message.memoryBytes != null && $Object.hasOwnProperty.call(message, "memoryBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.memoryBytes = typeof message.memoryBytes === "number" ? $BigInt(message.memoryBytes) : $util.Long.fromBits(message.memoryBytes.low >>> 0, message.memoryBytes.high >>> 0, true).toBigInt();
                else if (typeof message.memoryBytes === "number")
                    object.memoryBytes = options.longs === $String ? $String(message.memoryBytes) : message.memoryBytes;
                else
                    object.memoryBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.memoryBytes) : options.longs === $Number ? new $util.LongBits(message.memoryBytes.low >>> 0, message.memoryBytes.high >>> 0).toNumber(true) : message.memoryBytes;
            if (message.cpuLoad != null && $Object.hasOwnProperty.call(message, "cpuLoad"))
                object.cpuLoad = options.json && !$isFinite(message.cpuLoad) ? $String(message.cpuLoad) : message.cpuLoad;
            if (message.memoryQuotaBytes != null && $Object.hasOwnProperty.call(message, "memoryQuotaBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.memoryQuotaBytes = typeof message.memoryQuotaBytes === "number" ? $BigInt(message.memoryQuotaBytes) : $util.Long.fromBits(message.memoryQuotaBytes.low >>> 0, message.memoryQuotaBytes.high >>> 0, true).toBigInt();
                else if (typeof message.memoryQuotaBytes === "number")
                    object.memoryQuotaBytes = options.longs === $String ? $String(message.memoryQuotaBytes) : message.memoryQuotaBytes;
                else
                    object.memoryQuotaBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.memoryQuotaBytes) : options.longs === $Number ? new $util.LongBits(message.memoryQuotaBytes.low >>> 0, message.memoryQuotaBytes.high >>> 0).toNumber(true) : message.memoryQuotaBytes;
            return object;
        };

        /**
         * Converts this DynoStatus to JSON.
         * @function toJSON
         * @memberof shoal.DynoStatus
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        DynoStatus.prototype.toJSON = function() {
            return DynoStatus.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for DynoStatus
         * @function getTypeUrl
         * @memberof shoal.DynoStatus
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        DynoStatus.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.DynoStatus";
        };

        return DynoStatus;
    })();

    shoal.HostStatus = (function() {

        /**
         * Properties of a HostStatus.
         * @typedef {Object} shoal.HostStatus.$Properties
         * @property {string|null} [hostId] HostStatus hostId
         * @property {number|null} [epoch] HostStatus epoch
         * @property {number|null} [generation] HostStatus generation
         * @property {Array.<shoal.DynoStatus.$Properties>|null} [dynos] HostStatus dynos
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a HostStatus.
         * @memberof shoal
         * @interface IHostStatus
         * @augments shoal.HostStatus.$Properties
         * @deprecated Use shoal.HostStatus.$Properties instead.
         */

        /**
         * Shape of a HostStatus.
         * @typedef {shoal.HostStatus.$Properties} shoal.HostStatus.$Shape
         */

        /**
         * Constructs a new HostStatus.
         * @memberof shoal
         * @classdesc Represents a HostStatus.
         * @constructor
         * @param {shoal.HostStatus.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const HostStatus = function (properties) {
            this.dynos = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * HostStatus hostId.
         * @member {string} hostId
         * @memberof shoal.HostStatus
         * @instance
         */
        HostStatus.prototype.hostId = "";

        /**
         * HostStatus epoch.
         * @member {number} epoch
         * @memberof shoal.HostStatus
         * @instance
         */
        HostStatus.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * HostStatus generation.
         * @member {number} generation
         * @memberof shoal.HostStatus
         * @instance
         */
        HostStatus.prototype.generation = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * HostStatus dynos.
         * @member {Array.<shoal.DynoStatus.$Properties>} dynos
         * @memberof shoal.HostStatus
         * @instance
         */
        HostStatus.prototype.dynos = $util.emptyArray;

        /**
         * Creates a new HostStatus instance using the specified properties.
         * @function create
         * @memberof shoal.HostStatus
         * @static
         * @param {shoal.HostStatus.$Properties=} [properties] Properties to set
         * @returns {shoal.HostStatus} HostStatus instance
         * @type {{
         *   (properties: shoal.HostStatus.$Shape): shoal.HostStatus & shoal.HostStatus.$Shape;
         *   (properties?: shoal.HostStatus.$Properties): shoal.HostStatus;
         * }}
         */
        HostStatus.create = function(properties) {
            return new HostStatus(properties);
        };

        /**
         * Encodes the specified HostStatus message. Does not implicitly {@link shoal.HostStatus.verify|verify} messages.
         * @function encode
         * @memberof shoal.HostStatus
         * @static
         * @param {shoal.HostStatus.$Properties} message HostStatus message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        HostStatus.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId") && message.hostId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.hostId);
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.epoch);
            if (message.generation != null && $Object.hasOwnProperty.call(message, "generation") && (typeof message.generation === "object" ? message.generation.low || message.generation.high : message.generation !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.generation);
            if (message.dynos != null && message.dynos.length)
                for (let i = 0; i < message.dynos.length; ++i)
                    $root.shoal.DynoStatus.encode(message.dynos[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a HostStatus message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.HostStatus
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.HostStatus & shoal.HostStatus.$Shape} HostStatus
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        HostStatus.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.HostStatus();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostId = value;
                        else
                            delete message.hostId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.generation = value;
                        else
                            delete message.generation;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.dynos && message.dynos.length))
                            message.dynos = [];
                        message.dynos.push($root.shoal.DynoStatus.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a HostStatus message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.HostStatus
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.HostStatus} HostStatus
         */
        HostStatus.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.HostStatus)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.HostStatus: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.HostStatus();
            if (object.hostId != null)
                if (typeof object.hostId !== "string" || object.hostId.length)
                    message.hostId = $String(object.hostId);
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            if (object.generation != null)
                if (typeof object.generation === "object" ? object.generation.low || object.generation.high : $Number(object.generation) !== 0)
                    if ($util.Long)
                        message.generation = $util.Long.fromValue(object.generation, true);
                    else if (typeof object.generation === "string")
                        message.generation = $parseInt(object.generation, 10);
                    else if (typeof object.generation === "number")
                        message.generation = object.generation;
                    else if (typeof object.generation === "object")
                        message.generation = new $util.LongBits(object.generation.low >>> 0, object.generation.high >>> 0).toNumber(true);
            if (object.dynos) {
                if (!$Array.isArray(object.dynos))
                    throw $TypeError(".shoal.HostStatus.dynos: array expected");
                message.dynos = $Array(object.dynos.length);
                for (let i = 0; i < object.dynos.length; ++i) {
                    if (!$util.isObject(object.dynos[i]))
                        throw $TypeError(".shoal.HostStatus.dynos: object expected");
                    message.dynos[i] = $root.shoal.DynoStatus.fromObject(object.dynos[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a HostStatus message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.HostStatus
         * @static
         * @param {shoal.HostStatus} message HostStatus
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        HostStatus.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.dynos = [];
            if (options.defaults) {
                object.hostId = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.generation = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.generation = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId"))
                object.hostId = message.hostId;
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            if (message.generation != null && $Object.hasOwnProperty.call(message, "generation"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.generation = typeof message.generation === "number" ? $BigInt(message.generation) : $util.Long.fromBits(message.generation.low >>> 0, message.generation.high >>> 0, true).toBigInt();
                else if (typeof message.generation === "number")
                    object.generation = options.longs === $String ? $String(message.generation) : message.generation;
                else
                    object.generation = options.longs === $String ? $util.Long.prototype.toString.call(message.generation) : options.longs === $Number ? new $util.LongBits(message.generation.low >>> 0, message.generation.high >>> 0).toNumber(true) : message.generation;
            if (message.dynos && message.dynos.length) {
                object.dynos = $Array(message.dynos.length);
                for (let j = 0; j < message.dynos.length; ++j)
                    object.dynos[j] = $root.shoal.DynoStatus.toObject(message.dynos[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this HostStatus to JSON.
         * @function toJSON
         * @memberof shoal.HostStatus
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        HostStatus.prototype.toJSON = function() {
            return HostStatus.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for HostStatus
         * @function getTypeUrl
         * @memberof shoal.HostStatus
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        HostStatus.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.HostStatus";
        };

        return HostStatus;
    })();

    shoal.Route = (function() {

        /**
         * Properties of a Route.
         * @typedef {Object} shoal.Route.$Properties
         * @property {string|null} [dynoId] Route dynoId
         * @property {string|null} [app] Route app
         * @property {string|null} [processType] Route processType
         * @property {string|null} [dynoName] Route dynoName
         * @property {number|null} [release] Route release
         * @property {string|null} [hostId] Route hostId
         * @property {string|null} [address] Route address
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Route.
         * @memberof shoal
         * @interface IRoute
         * @augments shoal.Route.$Properties
         * @deprecated Use shoal.Route.$Properties instead.
         */

        /**
         * Shape of a Route.
         * @typedef {shoal.Route.$Properties} shoal.Route.$Shape
         */

        /**
         * Constructs a new Route.
         * @memberof shoal
         * @classdesc Represents a Route.
         * @constructor
         * @param {shoal.Route.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Route = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Route dynoId.
         * @member {string} dynoId
         * @memberof shoal.Route
         * @instance
         */
        Route.prototype.dynoId = "";

        /**
         * Route app.
         * @member {string} app
         * @memberof shoal.Route
         * @instance
         */
        Route.prototype.app = "";

        /**
         * Route processType.
         * @member {string} processType
         * @memberof shoal.Route
         * @instance
         */
        Route.prototype.processType = "";

        /**
         * Route dynoName.
         * @member {string} dynoName
         * @memberof shoal.Route
         * @instance
         */
        Route.prototype.dynoName = "";

        /**
         * Route release.
         * @member {number} release
         * @memberof shoal.Route
         * @instance
         */
        Route.prototype.release = 0;

        /**
         * Route hostId.
         * @member {string} hostId
         * @memberof shoal.Route
         * @instance
         */
        Route.prototype.hostId = "";

        /**
         * Route address.
         * @member {string} address
         * @memberof shoal.Route
         * @instance
         */
        Route.prototype.address = "";

        /**
         * Creates a new Route instance using the specified properties.
         * @function create
         * @memberof shoal.Route
         * @static
         * @param {shoal.Route.$Properties=} [properties] Properties to set
         * @returns {shoal.Route} Route instance
         * @type {{
         *   (properties: shoal.Route.$Shape): shoal.Route & shoal.Route.$Shape;
         *   (properties?: shoal.Route.$Properties): shoal.Route;
         * }}
         */
        Route.create = function(properties) {
            return new Route(properties);
        };

        /**
         * Encodes the specified Route message. Does not implicitly {@link shoal.Route.verify|verify} messages.
         * @function encode
         * @memberof shoal.Route
         * @static
         * @param {shoal.Route.$Properties} message Route message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Route.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.dynoId != null && $Object.hasOwnProperty.call(message, "dynoId") && message.dynoId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.dynoId);
            if (message.app != null && $Object.hasOwnProperty.call(message, "app") && message.app !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.app);
            if (message.processType != null && $Object.hasOwnProperty.call(message, "processType") && message.processType !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.processType);
            if (message.dynoName != null && $Object.hasOwnProperty.call(message, "dynoName") && message.dynoName !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.dynoName);
            if (message.release != null && $Object.hasOwnProperty.call(message, "release") && message.release !== 0)
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.release);
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId") && message.hostId !== "")
                writer.uint32(/* id 6, wireType 2 =*/50).string(message.hostId);
            if (message.address != null && $Object.hasOwnProperty.call(message, "address") && message.address !== "")
                writer.uint32(/* id 7, wireType 2 =*/58).string(message.address);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Route message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.Route
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.Route & shoal.Route.$Shape} Route
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Route.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.Route();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.dynoId = value;
                        else
                            delete message.dynoId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.app = value;
                        else
                            delete message.app;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.processType = value;
                        else
                            delete message.processType;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.dynoName = value;
                        else
                            delete message.dynoName;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.release = value;
                        else
                            delete message.release;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostId = value;
                        else
                            delete message.hostId;
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.address = value;
                        else
                            delete message.address;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a Route message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.Route
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.Route} Route
         */
        Route.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.Route)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.Route: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.Route();
            if (object.dynoId != null)
                if (typeof object.dynoId !== "string" || object.dynoId.length)
                    message.dynoId = $String(object.dynoId);
            if (object.app != null)
                if (typeof object.app !== "string" || object.app.length)
                    message.app = $String(object.app);
            if (object.processType != null)
                if (typeof object.processType !== "string" || object.processType.length)
                    message.processType = $String(object.processType);
            if (object.dynoName != null)
                if (typeof object.dynoName !== "string" || object.dynoName.length)
                    message.dynoName = $String(object.dynoName);
            if (object.release != null)
                if ($Number(object.release) !== 0)
                    message.release = object.release >>> 0;
            if (object.hostId != null)
                if (typeof object.hostId !== "string" || object.hostId.length)
                    message.hostId = $String(object.hostId);
            if (object.address != null)
                if (typeof object.address !== "string" || object.address.length)
                    message.address = $String(object.address);
            return message;
        };

        /**
         * Creates a plain object from a Route message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.Route
         * @static
         * @param {shoal.Route} message Route
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Route.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.dynoId = "";
                object.app = "";
                object.processType = "";
                object.dynoName = "";
                object.release = 0;
                object.hostId = "";
                object.address = "";
            }
            if (message.dynoId != null && $Object.hasOwnProperty.call(message, "dynoId"))
                object.dynoId = message.dynoId;
            if (message.app != null && $Object.hasOwnProperty.call(message, "app"))
                object.app = message.app;
            if (message.processType != null && $Object.hasOwnProperty.call(message, "processType"))
                object.processType = message.processType;
            if (message.dynoName != null && $Object.hasOwnProperty.call(message, "dynoName"))
                object.dynoName = message.dynoName;
            if (message.release != null && $Object.hasOwnProperty.call(message, "release"))
                object.release = message.release;
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId"))
                object.hostId = message.hostId;
            if (message.address != null && $Object.hasOwnProperty.call(message, "address"))
                object.address = message.address;
            return object;
        };

        /**
         * Converts this Route to JSON.
         * @function toJSON
         * @memberof shoal.Route
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Route.prototype.toJSON = function() {
            return Route.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for Route
         * @function getTypeUrl
         * @memberof shoal.Route
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Route.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.Route";
        };

        return Route;
    })();

    shoal.RouteAnnouncement = (function() {

        /**
         * Properties of a RouteAnnouncement.
         * @typedef {Object} shoal.RouteAnnouncement.$Properties
         * @property {string|null} [hostId] RouteAnnouncement hostId
         * @property {number|null} [seq] RouteAnnouncement seq
         * @property {Array.<shoal.Route.$Properties>|null} [up] RouteAnnouncement up
         * @property {Array.<string>|null} [withdrawn] RouteAnnouncement withdrawn
         * @property {boolean|null} [snapshot] RouteAnnouncement snapshot
         * @property {number|null} [sentAtMs] RouteAnnouncement sentAtMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a RouteAnnouncement.
         * @memberof shoal
         * @interface IRouteAnnouncement
         * @augments shoal.RouteAnnouncement.$Properties
         * @deprecated Use shoal.RouteAnnouncement.$Properties instead.
         */

        /**
         * Shape of a RouteAnnouncement.
         * @typedef {shoal.RouteAnnouncement.$Properties} shoal.RouteAnnouncement.$Shape
         */

        /**
         * Constructs a new RouteAnnouncement.
         * @memberof shoal
         * @classdesc Represents a RouteAnnouncement.
         * @constructor
         * @param {shoal.RouteAnnouncement.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const RouteAnnouncement = function (properties) {
            this.up = [];
            this.withdrawn = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * RouteAnnouncement hostId.
         * @member {string} hostId
         * @memberof shoal.RouteAnnouncement
         * @instance
         */
        RouteAnnouncement.prototype.hostId = "";

        /**
         * RouteAnnouncement seq.
         * @member {number} seq
         * @memberof shoal.RouteAnnouncement
         * @instance
         */
        RouteAnnouncement.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * RouteAnnouncement up.
         * @member {Array.<shoal.Route.$Properties>} up
         * @memberof shoal.RouteAnnouncement
         * @instance
         */
        RouteAnnouncement.prototype.up = $util.emptyArray;

        /**
         * RouteAnnouncement withdrawn.
         * @member {Array.<string>} withdrawn
         * @memberof shoal.RouteAnnouncement
         * @instance
         */
        RouteAnnouncement.prototype.withdrawn = $util.emptyArray;

        /**
         * RouteAnnouncement snapshot.
         * @member {boolean} snapshot
         * @memberof shoal.RouteAnnouncement
         * @instance
         */
        RouteAnnouncement.prototype.snapshot = false;

        /**
         * RouteAnnouncement sentAtMs.
         * @member {number} sentAtMs
         * @memberof shoal.RouteAnnouncement
         * @instance
         */
        RouteAnnouncement.prototype.sentAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new RouteAnnouncement instance using the specified properties.
         * @function create
         * @memberof shoal.RouteAnnouncement
         * @static
         * @param {shoal.RouteAnnouncement.$Properties=} [properties] Properties to set
         * @returns {shoal.RouteAnnouncement} RouteAnnouncement instance
         * @type {{
         *   (properties: shoal.RouteAnnouncement.$Shape): shoal.RouteAnnouncement & shoal.RouteAnnouncement.$Shape;
         *   (properties?: shoal.RouteAnnouncement.$Properties): shoal.RouteAnnouncement;
         * }}
         */
        RouteAnnouncement.create = function(properties) {
            return new RouteAnnouncement(properties);
        };

        /**
         * Encodes the specified RouteAnnouncement message. Does not implicitly {@link shoal.RouteAnnouncement.verify|verify} messages.
         * @function encode
         * @memberof shoal.RouteAnnouncement
         * @static
         * @param {shoal.RouteAnnouncement.$Properties} message RouteAnnouncement message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RouteAnnouncement.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId") && message.hostId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.hostId);
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
            if (message.up != null && message.up.length)
                for (let i = 0; i < message.up.length; ++i)
                    $root.shoal.Route.encode(message.up[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.withdrawn != null && message.withdrawn.length)
                for (let i = 0; i < message.withdrawn.length; ++i)
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.withdrawn[i]);
            if (message.snapshot != null && $Object.hasOwnProperty.call(message, "snapshot") && message.snapshot !== false)
                writer.uint32(/* id 5, wireType 0 =*/40).bool(message.snapshot);
            if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs") && (typeof message.sentAtMs === "object" ? message.sentAtMs.low || message.sentAtMs.high : message.sentAtMs !== 0))
                writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.sentAtMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a RouteAnnouncement message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.RouteAnnouncement
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.RouteAnnouncement & shoal.RouteAnnouncement.$Shape} RouteAnnouncement
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RouteAnnouncement.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.RouteAnnouncement();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostId = value;
                        else
                            delete message.hostId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.up && message.up.length))
                            message.up = [];
                        message.up.push($root.shoal.Route.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.withdrawn && message.withdrawn.length))
                            message.withdrawn = [];
                        message.withdrawn.push(reader.stringVerify());
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.snapshot = value;
                        else
                            delete message.snapshot;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.sentAtMs = value;
                        else
                            delete message.sentAtMs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a RouteAnnouncement message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.RouteAnnouncement
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.RouteAnnouncement} RouteAnnouncement
         */
        RouteAnnouncement.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.RouteAnnouncement)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.RouteAnnouncement: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.RouteAnnouncement();
            if (object.hostId != null)
                if (typeof object.hostId !== "string" || object.hostId.length)
                    message.hostId = $String(object.hostId);
            if (object.seq != null)
                if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = $parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
            if (object.up) {
                if (!$Array.isArray(object.up))
                    throw $TypeError(".shoal.RouteAnnouncement.up: array expected");
                message.up = $Array(object.up.length);
                for (let i = 0; i < object.up.length; ++i) {
                    if (!$util.isObject(object.up[i]))
                        throw $TypeError(".shoal.RouteAnnouncement.up: object expected");
                    message.up[i] = $root.shoal.Route.fromObject(object.up[i], _depth + 1);
                }
            }
            if (object.withdrawn) {
                if (!$Array.isArray(object.withdrawn))
                    throw $TypeError(".shoal.RouteAnnouncement.withdrawn: array expected");
                message.withdrawn = $Array(object.withdrawn.length);
                for (let i = 0; i < object.withdrawn.length; ++i)
                    message.withdrawn[i] = $String(object.withdrawn[i]);
            }
            if (object.snapshot != null)
                if (object.snapshot)
                    message.snapshot = $Boolean(object.snapshot);
            if (object.sentAtMs != null)
                if (typeof object.sentAtMs === "object" ? object.sentAtMs.low || object.sentAtMs.high : $Number(object.sentAtMs) !== 0)
                    if ($util.Long)
                        message.sentAtMs = $util.Long.fromValue(object.sentAtMs, true);
                    else if (typeof object.sentAtMs === "string")
                        message.sentAtMs = $parseInt(object.sentAtMs, 10);
                    else if (typeof object.sentAtMs === "number")
                        message.sentAtMs = object.sentAtMs;
                    else if (typeof object.sentAtMs === "object")
                        message.sentAtMs = new $util.LongBits(object.sentAtMs.low >>> 0, object.sentAtMs.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a RouteAnnouncement message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.RouteAnnouncement
         * @static
         * @param {shoal.RouteAnnouncement} message RouteAnnouncement
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        RouteAnnouncement.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.up = [];
                object.withdrawn = [];
            }
            if (options.defaults) {
                object.hostId = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.snapshot = false;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.sentAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.sentAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId"))
                object.hostId = message.hostId;
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                else if (typeof message.seq === "number")
                    object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                else
                    object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
            if (message.up && message.up.length) {
                object.up = $Array(message.up.length);
                for (let j = 0; j < message.up.length; ++j)
                    object.up[j] = $root.shoal.Route.toObject(message.up[j], options, _depth + 1);
            }
            if (message.withdrawn && message.withdrawn.length) {
                object.withdrawn = $Array(message.withdrawn.length);
                for (let j = 0; j < message.withdrawn.length; ++j)
                    object.withdrawn[j] = message.withdrawn[j];
            }
            if (message.snapshot != null && $Object.hasOwnProperty.call(message, "snapshot"))
                object.snapshot = message.snapshot;
            if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.sentAtMs = typeof message.sentAtMs === "number" ? $BigInt(message.sentAtMs) : $util.Long.fromBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0, true).toBigInt();
                else if (typeof message.sentAtMs === "number")
                    object.sentAtMs = options.longs === $String ? $String(message.sentAtMs) : message.sentAtMs;
                else
                    object.sentAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.sentAtMs) : options.longs === $Number ? new $util.LongBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0).toNumber(true) : message.sentAtMs;
            return object;
        };

        /**
         * Converts this RouteAnnouncement to JSON.
         * @function toJSON
         * @memberof shoal.RouteAnnouncement
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        RouteAnnouncement.prototype.toJSON = function() {
            return RouteAnnouncement.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for RouteAnnouncement
         * @function getTypeUrl
         * @memberof shoal.RouteAnnouncement
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        RouteAnnouncement.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.RouteAnnouncement";
        };

        return RouteAnnouncement;
    })();

    shoal.ProcessStats = (function() {

        /**
         * Properties of a ProcessStats.
         * @typedef {Object} shoal.ProcessStats.$Properties
         * @property {string|null} [app] ProcessStats app
         * @property {string|null} [processType] ProcessStats processType
         * @property {number|null} [requests] ProcessStats requests
         * @property {number|null} [inFlight] ProcessStats inFlight
         * @property {number|null} [ratePerS] ProcessStats ratePerS
         * @property {number|null} [queueP50Ms] ProcessStats queueP50Ms
         * @property {number|null} [queueP95Ms] ProcessStats queueP95Ms
         * @property {number|null} [serviceP50Ms] ProcessStats serviceP50Ms
         * @property {number|null} [serviceP95Ms] ProcessStats serviceP95Ms
         * @property {number|null} [errors] ProcessStats errors
         * @property {number|null} [arrivals] ProcessStats arrivals
         * @property {number|null} [completions] ProcessStats completions
         * @property {number|null} [queueLength] ProcessStats queueLength
         * @property {Uint8Array|null} [queueSketch] ProcessStats queueSketch
         * @property {Uint8Array|null} [serviceSketch] ProcessStats serviceSketch
         * @property {number|null} [dynos] ProcessStats dynos
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ProcessStats.
         * @memberof shoal
         * @interface IProcessStats
         * @augments shoal.ProcessStats.$Properties
         * @deprecated Use shoal.ProcessStats.$Properties instead.
         */

        /**
         * Shape of a ProcessStats.
         * @typedef {shoal.ProcessStats.$Properties} shoal.ProcessStats.$Shape
         */

        /**
         * Constructs a new ProcessStats.
         * @memberof shoal
         * @classdesc Represents a ProcessStats.
         * @constructor
         * @param {shoal.ProcessStats.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ProcessStats = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ProcessStats app.
         * @member {string} app
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.app = "";

        /**
         * ProcessStats processType.
         * @member {string} processType
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.processType = "";

        /**
         * ProcessStats requests.
         * @member {number} requests
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.requests = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessStats inFlight.
         * @member {number} inFlight
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.inFlight = 0;

        /**
         * ProcessStats ratePerS.
         * @member {number} ratePerS
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.ratePerS = 0;

        /**
         * ProcessStats queueP50Ms.
         * @member {number} queueP50Ms
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.queueP50Ms = 0;

        /**
         * ProcessStats queueP95Ms.
         * @member {number} queueP95Ms
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.queueP95Ms = 0;

        /**
         * ProcessStats serviceP50Ms.
         * @member {number} serviceP50Ms
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.serviceP50Ms = 0;

        /**
         * ProcessStats serviceP95Ms.
         * @member {number} serviceP95Ms
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.serviceP95Ms = 0;

        /**
         * ProcessStats errors.
         * @member {number} errors
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.errors = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessStats arrivals.
         * @member {number} arrivals
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.arrivals = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessStats completions.
         * @member {number} completions
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.completions = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProcessStats queueLength.
         * @member {number} queueLength
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.queueLength = 0;

        /**
         * ProcessStats queueSketch.
         * @member {Uint8Array} queueSketch
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.queueSketch = $util.newBuffer([]);

        /**
         * ProcessStats serviceSketch.
         * @member {Uint8Array} serviceSketch
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.serviceSketch = $util.newBuffer([]);

        /**
         * ProcessStats dynos.
         * @member {number} dynos
         * @memberof shoal.ProcessStats
         * @instance
         */
        ProcessStats.prototype.dynos = 0;

        /**
         * Creates a new ProcessStats instance using the specified properties.
         * @function create
         * @memberof shoal.ProcessStats
         * @static
         * @param {shoal.ProcessStats.$Properties=} [properties] Properties to set
         * @returns {shoal.ProcessStats} ProcessStats instance
         * @type {{
         *   (properties: shoal.ProcessStats.$Shape): shoal.ProcessStats & shoal.ProcessStats.$Shape;
         *   (properties?: shoal.ProcessStats.$Properties): shoal.ProcessStats;
         * }}
         */
        ProcessStats.create = function(properties) {
            return new ProcessStats(properties);
        };

        /**
         * Encodes the specified ProcessStats message. Does not implicitly {@link shoal.ProcessStats.verify|verify} messages.
         * @function encode
         * @memberof shoal.ProcessStats
         * @static
         * @param {shoal.ProcessStats.$Properties} message ProcessStats message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProcessStats.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.app != null && $Object.hasOwnProperty.call(message, "app") && message.app !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.app);
            if (message.processType != null && $Object.hasOwnProperty.call(message, "processType") && message.processType !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.processType);
            if (message.requests != null && $Object.hasOwnProperty.call(message, "requests") && (typeof message.requests === "object" ? message.requests.low || message.requests.high : message.requests !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.requests);
            if (message.inFlight != null && $Object.hasOwnProperty.call(message, "inFlight") && message.inFlight !== 0)
                writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.inFlight);
            if (message.ratePerS != null && $Object.hasOwnProperty.call(message, "ratePerS") && !$Object.is(message.ratePerS, 0))
                writer.uint32(/* id 5, wireType 1 =*/41).double(message.ratePerS);
            if (message.queueP50Ms != null && $Object.hasOwnProperty.call(message, "queueP50Ms") && !$Object.is(message.queueP50Ms, 0))
                writer.uint32(/* id 6, wireType 1 =*/49).double(message.queueP50Ms);
            if (message.queueP95Ms != null && $Object.hasOwnProperty.call(message, "queueP95Ms") && !$Object.is(message.queueP95Ms, 0))
                writer.uint32(/* id 7, wireType 1 =*/57).double(message.queueP95Ms);
            if (message.serviceP50Ms != null && $Object.hasOwnProperty.call(message, "serviceP50Ms") && !$Object.is(message.serviceP50Ms, 0))
                writer.uint32(/* id 8, wireType 1 =*/65).double(message.serviceP50Ms);
            if (message.serviceP95Ms != null && $Object.hasOwnProperty.call(message, "serviceP95Ms") && !$Object.is(message.serviceP95Ms, 0))
                writer.uint32(/* id 9, wireType 1 =*/73).double(message.serviceP95Ms);
            if (message.errors != null && $Object.hasOwnProperty.call(message, "errors") && (typeof message.errors === "object" ? message.errors.low || message.errors.high : message.errors !== 0))
                writer.uint32(/* id 10, wireType 0 =*/80).uint64(message.errors);
            if (message.arrivals != null && $Object.hasOwnProperty.call(message, "arrivals") && (typeof message.arrivals === "object" ? message.arrivals.low || message.arrivals.high : message.arrivals !== 0))
                writer.uint32(/* id 11, wireType 0 =*/88).uint64(message.arrivals);
            if (message.completions != null && $Object.hasOwnProperty.call(message, "completions") && (typeof message.completions === "object" ? message.completions.low || message.completions.high : message.completions !== 0))
                writer.uint32(/* id 12, wireType 0 =*/96).uint64(message.completions);
            if (message.queueLength != null && $Object.hasOwnProperty.call(message, "queueLength") && message.queueLength !== 0)
                writer.uint32(/* id 13, wireType 0 =*/104).uint32(message.queueLength);
            if (message.queueSketch != null && $Object.hasOwnProperty.call(message, "queueSketch") && message.queueSketch.length)
                writer.uint32(/* id 14, wireType 2 =*/114).bytes(message.queueSketch);
            if (message.serviceSketch != null && $Object.hasOwnProperty.call(message, "serviceSketch") && message.serviceSketch.length)
                writer.uint32(/* id 15, wireType 2 =*/122).bytes(message.serviceSketch);
            if (message.dynos != null && $Object.hasOwnProperty.call(message, "dynos") && message.dynos !== 0)
                writer.uint32(/* id 16, wireType 0 =*/128).uint32(message.dynos);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ProcessStats message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.ProcessStats
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.ProcessStats & shoal.ProcessStats.$Shape} ProcessStats
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProcessStats.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.ProcessStats();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.app = value;
                        else
                            delete message.app;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.processType = value;
                        else
                            delete message.processType;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.requests = value;
                        else
                            delete message.requests;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.inFlight = value;
                        else
                            delete message.inFlight;
                        continue;
                    }
                case 5: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.ratePerS = value;
                        else
                            delete message.ratePerS;
                        continue;
                    }
                case 6: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.queueP50Ms = value;
                        else
                            delete message.queueP50Ms;
                        continue;
                    }
                case 7: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.queueP95Ms = value;
                        else
                            delete message.queueP95Ms;
                        continue;
                    }
                case 8: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.serviceP50Ms = value;
                        else
                            delete message.serviceP50Ms;
                        continue;
                    }
                case 9: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.serviceP95Ms = value;
                        else
                            delete message.serviceP95Ms;
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.errors = value;
                        else
                            delete message.errors;
                        continue;
                    }
                case 11: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.arrivals = value;
                        else
                            delete message.arrivals;
                        continue;
                    }
                case 12: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.completions = value;
                        else
                            delete message.completions;
                        continue;
                    }
                case 13: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.queueLength = value;
                        else
                            delete message.queueLength;
                        continue;
                    }
                case 14: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.queueSketch = value;
                        else
                            delete message.queueSketch;
                        continue;
                    }
                case 15: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.serviceSketch = value;
                        else
                            delete message.serviceSketch;
                        continue;
                    }
                case 16: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.dynos = value;
                        else
                            delete message.dynos;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a ProcessStats message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.ProcessStats
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.ProcessStats} ProcessStats
         */
        ProcessStats.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.ProcessStats)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.ProcessStats: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.ProcessStats();
            if (object.app != null)
                if (typeof object.app !== "string" || object.app.length)
                    message.app = $String(object.app);
            if (object.processType != null)
                if (typeof object.processType !== "string" || object.processType.length)
                    message.processType = $String(object.processType);
            if (object.requests != null)
                if (typeof object.requests === "object" ? object.requests.low || object.requests.high : $Number(object.requests) !== 0)
                    if ($util.Long)
                        message.requests = $util.Long.fromValue(object.requests, true);
                    else if (typeof object.requests === "string")
                        message.requests = $parseInt(object.requests, 10);
                    else if (typeof object.requests === "number")
                        message.requests = object.requests;
                    else if (typeof object.requests === "object")
                        message.requests = new $util.LongBits(object.requests.low >>> 0, object.requests.high >>> 0).toNumber(true);
            if (object.inFlight != null)
                if ($Number(object.inFlight) !== 0)
                    message.inFlight = object.inFlight >>> 0;
            if (object.ratePerS != null)
                if (!$Object.is($Number(object.ratePerS), 0))
                    message.ratePerS = $Number(object.ratePerS);
            if (object.queueP50Ms != null)
                if (!$Object.is($Number(object.queueP50Ms), 0))
                    message.queueP50Ms = $Number(object.queueP50Ms);
            if (object.queueP95Ms != null)
                if (!$Object.is($Number(object.queueP95Ms), 0))
                    message.queueP95Ms = $Number(object.queueP95Ms);
            if (object.serviceP50Ms != null)
                if (!$Object.is($Number(object.serviceP50Ms), 0))
                    message.serviceP50Ms = $Number(object.serviceP50Ms);
            if (object.serviceP95Ms != null)
                if (!$Object.is($Number(object.serviceP95Ms), 0))
                    message.serviceP95Ms = $Number(object.serviceP95Ms);
            if (object.errors != null)
                if (typeof object.errors === "object" ? object.errors.low || object.errors.high : $Number(object.errors) !== 0)
                    if ($util.Long)
                        message.errors = $util.Long.fromValue(object.errors, true);
                    else if (typeof object.errors === "string")
                        message.errors = $parseInt(object.errors, 10);
                    else if (typeof object.errors === "number")
                        message.errors = object.errors;
                    else if (typeof object.errors === "object")
                        message.errors = new $util.LongBits(object.errors.low >>> 0, object.errors.high >>> 0).toNumber(true);
            if (object.arrivals != null)
                if (typeof object.arrivals === "object" ? object.arrivals.low || object.arrivals.high : $Number(object.arrivals) !== 0)
                    if ($util.Long)
                        message.arrivals = $util.Long.fromValue(object.arrivals, true);
                    else if (typeof object.arrivals === "string")
                        message.arrivals = $parseInt(object.arrivals, 10);
                    else if (typeof object.arrivals === "number")
                        message.arrivals = object.arrivals;
                    else if (typeof object.arrivals === "object")
                        message.arrivals = new $util.LongBits(object.arrivals.low >>> 0, object.arrivals.high >>> 0).toNumber(true);
            if (object.completions != null)
                if (typeof object.completions === "object" ? object.completions.low || object.completions.high : $Number(object.completions) !== 0)
                    if ($util.Long)
                        message.completions = $util.Long.fromValue(object.completions, true);
                    else if (typeof object.completions === "string")
                        message.completions = $parseInt(object.completions, 10);
                    else if (typeof object.completions === "number")
                        message.completions = object.completions;
                    else if (typeof object.completions === "object")
                        message.completions = new $util.LongBits(object.completions.low >>> 0, object.completions.high >>> 0).toNumber(true);
            if (object.queueLength != null)
                if ($Number(object.queueLength) !== 0)
                    message.queueLength = object.queueLength >>> 0;
            if (object.queueSketch != null)
                if (object.queueSketch.length)
                    if (typeof object.queueSketch === "string")
                        $util.base64.decode(object.queueSketch, message.queueSketch = $util.newBuffer($util.base64.length(object.queueSketch)), 0);
                    else if (object.queueSketch.length >= 0)
                        message.queueSketch = object.queueSketch;
            if (object.serviceSketch != null)
                if (object.serviceSketch.length)
                    if (typeof object.serviceSketch === "string")
                        $util.base64.decode(object.serviceSketch, message.serviceSketch = $util.newBuffer($util.base64.length(object.serviceSketch)), 0);
                    else if (object.serviceSketch.length >= 0)
                        message.serviceSketch = object.serviceSketch;
            if (object.dynos != null)
                if ($Number(object.dynos) !== 0)
                    message.dynos = object.dynos >>> 0;
            return message;
        };

        /**
         * Creates a plain object from a ProcessStats message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.ProcessStats
         * @static
         * @param {shoal.ProcessStats} message ProcessStats
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ProcessStats.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.app = "";
                object.processType = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.requests = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.requests = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.inFlight = 0;
                object.ratePerS = 0;
                object.queueP50Ms = 0;
                object.queueP95Ms = 0;
                object.serviceP50Ms = 0;
                object.serviceP95Ms = 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.errors = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.errors = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.arrivals = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.arrivals = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.completions = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.completions = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.queueLength = 0;
                if (options.bytes === $String)
                    object.queueSketch = "";
                else {
                    object.queueSketch = [];
                    if (options.bytes !== $Array)
                        object.queueSketch = $util.newBuffer(object.queueSketch);
                }
                if (options.bytes === $String)
                    object.serviceSketch = "";
                else {
                    object.serviceSketch = [];
                    if (options.bytes !== $Array)
                        object.serviceSketch = $util.newBuffer(object.serviceSketch);
                }
                object.dynos = 0;
            }
            if (message.app != null && $Object.hasOwnProperty.call(message, "app"))
                object.app = message.app;
            if (message.processType != null && $Object.hasOwnProperty.call(message, "processType"))
                object.processType = message.processType;
            if (message.requests != null && $Object.hasOwnProperty.call(message, "requests"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.requests = typeof message.requests === "number" ? $BigInt(message.requests) : $util.Long.fromBits(message.requests.low >>> 0, message.requests.high >>> 0, true).toBigInt();
                else if (typeof message.requests === "number")
                    object.requests = options.longs === $String ? $String(message.requests) : message.requests;
                else
                    object.requests = options.longs === $String ? $util.Long.prototype.toString.call(message.requests) : options.longs === $Number ? new $util.LongBits(message.requests.low >>> 0, message.requests.high >>> 0).toNumber(true) : message.requests;
            if (message.inFlight != null && $Object.hasOwnProperty.call(message, "inFlight"))
                object.inFlight = message.inFlight;
            if (message.ratePerS != null && $Object.hasOwnProperty.call(message, "ratePerS"))
                object.ratePerS = options.json && !$isFinite(message.ratePerS) ? $String(message.ratePerS) : message.ratePerS;
            if (message.queueP50Ms != null && $Object.hasOwnProperty.call(message, "queueP50Ms"))
                object.queueP50Ms = options.json && !$isFinite(message.queueP50Ms) ? $String(message.queueP50Ms) : message.queueP50Ms;
            if (message.queueP95Ms != null && $Object.hasOwnProperty.call(message, "queueP95Ms"))
                object.queueP95Ms = options.json && !$isFinite(message.queueP95Ms) ? $String(message.queueP95Ms) : message.queueP95Ms;
            if (message.serviceP50Ms != null && $Object.hasOwnProperty.call(message, "serviceP50Ms"))
                object.serviceP50Ms = options.json && !$isFinite(message.serviceP50Ms) ? $String(message.serviceP50Ms) : message.serviceP50Ms;
            if (message.serviceP95Ms != null && $Object.hasOwnProperty.call(message, "serviceP95Ms"))
                object.serviceP95Ms = options.json && !$isFinite(message.serviceP95Ms) ? $String(message.serviceP95Ms) : message.serviceP95Ms;
            if (message.errors != null && $Object.hasOwnProperty.call(message, "errors"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.errors = typeof message.errors === "number" ? $BigInt(message.errors) : $util.Long.fromBits(message.errors.low >>> 0, message.errors.high >>> 0, true).toBigInt();
                else if (typeof message.errors === "number")
                    object.errors = options.longs === $String ? $String(message.errors) : message.errors;
                else
                    object.errors = options.longs === $String ? $util.Long.prototype.toString.call(message.errors) : options.longs === $Number ? new $util.LongBits(message.errors.low >>> 0, message.errors.high >>> 0).toNumber(true) : message.errors;
            if (message.arrivals != null && $Object.hasOwnProperty.call(message, "arrivals"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.arrivals = typeof message.arrivals === "number" ? $BigInt(message.arrivals) : $util.Long.fromBits(message.arrivals.low >>> 0, message.arrivals.high >>> 0, true).toBigInt();
                else if (typeof message.arrivals === "number")
                    object.arrivals = options.longs === $String ? $String(message.arrivals) : message.arrivals;
                else
                    object.arrivals = options.longs === $String ? $util.Long.prototype.toString.call(message.arrivals) : options.longs === $Number ? new $util.LongBits(message.arrivals.low >>> 0, message.arrivals.high >>> 0).toNumber(true) : message.arrivals;
            if (message.completions != null && $Object.hasOwnProperty.call(message, "completions"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.completions = typeof message.completions === "number" ? $BigInt(message.completions) : $util.Long.fromBits(message.completions.low >>> 0, message.completions.high >>> 0, true).toBigInt();
                else if (typeof message.completions === "number")
                    object.completions = options.longs === $String ? $String(message.completions) : message.completions;
                else
                    object.completions = options.longs === $String ? $util.Long.prototype.toString.call(message.completions) : options.longs === $Number ? new $util.LongBits(message.completions.low >>> 0, message.completions.high >>> 0).toNumber(true) : message.completions;
            if (message.queueLength != null && $Object.hasOwnProperty.call(message, "queueLength"))
                object.queueLength = message.queueLength;
            if (message.queueSketch != null && $Object.hasOwnProperty.call(message, "queueSketch"))
                object.queueSketch = options.bytes === $String ? $util.base64.encode(message.queueSketch, 0, message.queueSketch.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.queueSketch) : message.queueSketch;
            if (message.serviceSketch != null && $Object.hasOwnProperty.call(message, "serviceSketch"))
                object.serviceSketch = options.bytes === $String ? $util.base64.encode(message.serviceSketch, 0, message.serviceSketch.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.serviceSketch) : message.serviceSketch;
            if (message.dynos != null && $Object.hasOwnProperty.call(message, "dynos"))
                object.dynos = message.dynos;
            return object;
        };

        /**
         * Converts this ProcessStats to JSON.
         * @function toJSON
         * @memberof shoal.ProcessStats
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ProcessStats.prototype.toJSON = function() {
            return ProcessStats.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ProcessStats
         * @function getTypeUrl
         * @memberof shoal.ProcessStats
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ProcessStats.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.ProcessStats";
        };

        return ProcessStats;
    })();

    shoal.RouterReport = (function() {

        /**
         * Properties of a RouterReport.
         * @typedef {Object} shoal.RouterReport.$Properties
         * @property {string|null} [hostId] RouterReport hostId
         * @property {number|null} [sentAtMs] RouterReport sentAtMs
         * @property {number|null} [intervalMs] RouterReport intervalMs
         * @property {Array.<shoal.ProcessStats.$Properties>|null} [stats] RouterReport stats
         * @property {Array.<string>|null} [drained] RouterReport drained
         * @property {number|null} [directoryEpoch] RouterReport directoryEpoch
         * @property {number|null} [directorySentAtMs] RouterReport directorySentAtMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a RouterReport.
         * @memberof shoal
         * @interface IRouterReport
         * @augments shoal.RouterReport.$Properties
         * @deprecated Use shoal.RouterReport.$Properties instead.
         */

        /**
         * Shape of a RouterReport.
         * @typedef {shoal.RouterReport.$Properties} shoal.RouterReport.$Shape
         */

        /**
         * Constructs a new RouterReport.
         * @memberof shoal
         * @classdesc Represents a RouterReport.
         * @constructor
         * @param {shoal.RouterReport.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const RouterReport = function (properties) {
            this.stats = [];
            this.drained = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * RouterReport hostId.
         * @member {string} hostId
         * @memberof shoal.RouterReport
         * @instance
         */
        RouterReport.prototype.hostId = "";

        /**
         * RouterReport sentAtMs.
         * @member {number} sentAtMs
         * @memberof shoal.RouterReport
         * @instance
         */
        RouterReport.prototype.sentAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * RouterReport intervalMs.
         * @member {number} intervalMs
         * @memberof shoal.RouterReport
         * @instance
         */
        RouterReport.prototype.intervalMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * RouterReport stats.
         * @member {Array.<shoal.ProcessStats.$Properties>} stats
         * @memberof shoal.RouterReport
         * @instance
         */
        RouterReport.prototype.stats = $util.emptyArray;

        /**
         * RouterReport drained.
         * @member {Array.<string>} drained
         * @memberof shoal.RouterReport
         * @instance
         */
        RouterReport.prototype.drained = $util.emptyArray;

        /**
         * RouterReport directoryEpoch.
         * @member {number} directoryEpoch
         * @memberof shoal.RouterReport
         * @instance
         */
        RouterReport.prototype.directoryEpoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * RouterReport directorySentAtMs.
         * @member {number} directorySentAtMs
         * @memberof shoal.RouterReport
         * @instance
         */
        RouterReport.prototype.directorySentAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new RouterReport instance using the specified properties.
         * @function create
         * @memberof shoal.RouterReport
         * @static
         * @param {shoal.RouterReport.$Properties=} [properties] Properties to set
         * @returns {shoal.RouterReport} RouterReport instance
         * @type {{
         *   (properties: shoal.RouterReport.$Shape): shoal.RouterReport & shoal.RouterReport.$Shape;
         *   (properties?: shoal.RouterReport.$Properties): shoal.RouterReport;
         * }}
         */
        RouterReport.create = function(properties) {
            return new RouterReport(properties);
        };

        /**
         * Encodes the specified RouterReport message. Does not implicitly {@link shoal.RouterReport.verify|verify} messages.
         * @function encode
         * @memberof shoal.RouterReport
         * @static
         * @param {shoal.RouterReport.$Properties} message RouterReport message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RouterReport.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId") && message.hostId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.hostId);
            if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs") && (typeof message.sentAtMs === "object" ? message.sentAtMs.low || message.sentAtMs.high : message.sentAtMs !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.sentAtMs);
            if (message.intervalMs != null && $Object.hasOwnProperty.call(message, "intervalMs") && (typeof message.intervalMs === "object" ? message.intervalMs.low || message.intervalMs.high : message.intervalMs !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.intervalMs);
            if (message.stats != null && message.stats.length)
                for (let i = 0; i < message.stats.length; ++i)
                    $root.shoal.ProcessStats.encode(message.stats[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.drained != null && message.drained.length)
                for (let i = 0; i < message.drained.length; ++i)
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.drained[i]);
            if (message.directoryEpoch != null && $Object.hasOwnProperty.call(message, "directoryEpoch") && (typeof message.directoryEpoch === "object" ? message.directoryEpoch.low || message.directoryEpoch.high : message.directoryEpoch !== 0))
                writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.directoryEpoch);
            if (message.directorySentAtMs != null && $Object.hasOwnProperty.call(message, "directorySentAtMs") && (typeof message.directorySentAtMs === "object" ? message.directorySentAtMs.low || message.directorySentAtMs.high : message.directorySentAtMs !== 0))
                writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.directorySentAtMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a RouterReport message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.RouterReport
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.RouterReport & shoal.RouterReport.$Shape} RouterReport
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RouterReport.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.RouterReport();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostId = value;
                        else
                            delete message.hostId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.sentAtMs = value;
                        else
                            delete message.sentAtMs;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.intervalMs = value;
                        else
                            delete message.intervalMs;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.stats && message.stats.length))
                            message.stats = [];
                        message.stats.push($root.shoal.ProcessStats.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (!(message.drained && message.drained.length))
                            message.drained = [];
                        message.drained.push(reader.stringVerify());
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.directoryEpoch = value;
                        else
                            delete message.directoryEpoch;
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.directorySentAtMs = value;
                        else
                            delete message.directorySentAtMs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a RouterReport message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.RouterReport
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.RouterReport} RouterReport
         */
        RouterReport.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.RouterReport)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.RouterReport: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.RouterReport();
            if (object.hostId != null)
                if (typeof object.hostId !== "string" || object.hostId.length)
                    message.hostId = $String(object.hostId);
            if (object.sentAtMs != null)
                if (typeof object.sentAtMs === "object" ? object.sentAtMs.low || object.sentAtMs.high : $Number(object.sentAtMs) !== 0)
                    if ($util.Long)
                        message.sentAtMs = $util.Long.fromValue(object.sentAtMs, true);
                    else if (typeof object.sentAtMs === "string")
                        message.sentAtMs = $parseInt(object.sentAtMs, 10);
                    else if (typeof object.sentAtMs === "number")
                        message.sentAtMs = object.sentAtMs;
                    else if (typeof object.sentAtMs === "object")
                        message.sentAtMs = new $util.LongBits(object.sentAtMs.low >>> 0, object.sentAtMs.high >>> 0).toNumber(true);
            if (object.intervalMs != null)
                if (typeof object.intervalMs === "object" ? object.intervalMs.low || object.intervalMs.high : $Number(object.intervalMs) !== 0)
                    if ($util.Long)
                        message.intervalMs = $util.Long.fromValue(object.intervalMs, true);
                    else if (typeof object.intervalMs === "string")
                        message.intervalMs = $parseInt(object.intervalMs, 10);
                    else if (typeof object.intervalMs === "number")
                        message.intervalMs = object.intervalMs;
                    else if (typeof object.intervalMs === "object")
                        message.intervalMs = new $util.LongBits(object.intervalMs.low >>> 0, object.intervalMs.high >>> 0).toNumber(true);
            if (object.stats) {
                if (!$Array.isArray(object.stats))
                    throw $TypeError(".shoal.RouterReport.stats: array expected");
                message.stats = $Array(object.stats.length);
                for (let i = 0; i < object.stats.length; ++i) {
                    if (!$util.isObject(object.stats[i]))
                        throw $TypeError(".shoal.RouterReport.stats: object expected");
                    message.stats[i] = $root.shoal.ProcessStats.fromObject(object.stats[i], _depth + 1);
                }
            }
            if (object.drained) {
                if (!$Array.isArray(object.drained))
                    throw $TypeError(".shoal.RouterReport.drained: array expected");
                message.drained = $Array(object.drained.length);
                for (let i = 0; i < object.drained.length; ++i)
                    message.drained[i] = $String(object.drained[i]);
            }
            if (object.directoryEpoch != null)
                if (typeof object.directoryEpoch === "object" ? object.directoryEpoch.low || object.directoryEpoch.high : $Number(object.directoryEpoch) !== 0)
                    if ($util.Long)
                        message.directoryEpoch = $util.Long.fromValue(object.directoryEpoch, true);
                    else if (typeof object.directoryEpoch === "string")
                        message.directoryEpoch = $parseInt(object.directoryEpoch, 10);
                    else if (typeof object.directoryEpoch === "number")
                        message.directoryEpoch = object.directoryEpoch;
                    else if (typeof object.directoryEpoch === "object")
                        message.directoryEpoch = new $util.LongBits(object.directoryEpoch.low >>> 0, object.directoryEpoch.high >>> 0).toNumber(true);
            if (object.directorySentAtMs != null)
                if (typeof object.directorySentAtMs === "object" ? object.directorySentAtMs.low || object.directorySentAtMs.high : $Number(object.directorySentAtMs) !== 0)
                    if ($util.Long)
                        message.directorySentAtMs = $util.Long.fromValue(object.directorySentAtMs, true);
                    else if (typeof object.directorySentAtMs === "string")
                        message.directorySentAtMs = $parseInt(object.directorySentAtMs, 10);
                    else if (typeof object.directorySentAtMs === "number")
                        message.directorySentAtMs = object.directorySentAtMs;
                    else if (typeof object.directorySentAtMs === "object")
                        message.directorySentAtMs = new $util.LongBits(object.directorySentAtMs.low >>> 0, object.directorySentAtMs.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a RouterReport message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.RouterReport
         * @static
         * @param {shoal.RouterReport} message RouterReport
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        RouterReport.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.stats = [];
                object.drained = [];
            }
            if (options.defaults) {
                object.hostId = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.sentAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.sentAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.intervalMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.intervalMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.directoryEpoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.directoryEpoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.directorySentAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.directorySentAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId"))
                object.hostId = message.hostId;
            if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.sentAtMs = typeof message.sentAtMs === "number" ? $BigInt(message.sentAtMs) : $util.Long.fromBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0, true).toBigInt();
                else if (typeof message.sentAtMs === "number")
                    object.sentAtMs = options.longs === $String ? $String(message.sentAtMs) : message.sentAtMs;
                else
                    object.sentAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.sentAtMs) : options.longs === $Number ? new $util.LongBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0).toNumber(true) : message.sentAtMs;
            if (message.intervalMs != null && $Object.hasOwnProperty.call(message, "intervalMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.intervalMs = typeof message.intervalMs === "number" ? $BigInt(message.intervalMs) : $util.Long.fromBits(message.intervalMs.low >>> 0, message.intervalMs.high >>> 0, true).toBigInt();
                else if (typeof message.intervalMs === "number")
                    object.intervalMs = options.longs === $String ? $String(message.intervalMs) : message.intervalMs;
                else
                    object.intervalMs = options.longs === $String ? $util.Long.prototype.toString.call(message.intervalMs) : options.longs === $Number ? new $util.LongBits(message.intervalMs.low >>> 0, message.intervalMs.high >>> 0).toNumber(true) : message.intervalMs;
            if (message.stats && message.stats.length) {
                object.stats = $Array(message.stats.length);
                for (let j = 0; j < message.stats.length; ++j)
                    object.stats[j] = $root.shoal.ProcessStats.toObject(message.stats[j], options, _depth + 1);
            }
            if (message.drained && message.drained.length) {
                object.drained = $Array(message.drained.length);
                for (let j = 0; j < message.drained.length; ++j)
                    object.drained[j] = message.drained[j];
            }
            if (message.directoryEpoch != null && $Object.hasOwnProperty.call(message, "directoryEpoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.directoryEpoch = typeof message.directoryEpoch === "number" ? $BigInt(message.directoryEpoch) : $util.Long.fromBits(message.directoryEpoch.low >>> 0, message.directoryEpoch.high >>> 0, true).toBigInt();
                else if (typeof message.directoryEpoch === "number")
                    object.directoryEpoch = options.longs === $String ? $String(message.directoryEpoch) : message.directoryEpoch;
                else
                    object.directoryEpoch = options.longs === $String ? $util.Long.prototype.toString.call(message.directoryEpoch) : options.longs === $Number ? new $util.LongBits(message.directoryEpoch.low >>> 0, message.directoryEpoch.high >>> 0).toNumber(true) : message.directoryEpoch;
            if (message.directorySentAtMs != null && $Object.hasOwnProperty.call(message, "directorySentAtMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.directorySentAtMs = typeof message.directorySentAtMs === "number" ? $BigInt(message.directorySentAtMs) : $util.Long.fromBits(message.directorySentAtMs.low >>> 0, message.directorySentAtMs.high >>> 0, true).toBigInt();
                else if (typeof message.directorySentAtMs === "number")
                    object.directorySentAtMs = options.longs === $String ? $String(message.directorySentAtMs) : message.directorySentAtMs;
                else
                    object.directorySentAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.directorySentAtMs) : options.longs === $Number ? new $util.LongBits(message.directorySentAtMs.low >>> 0, message.directorySentAtMs.high >>> 0).toNumber(true) : message.directorySentAtMs;
            return object;
        };

        /**
         * Converts this RouterReport to JSON.
         * @function toJSON
         * @memberof shoal.RouterReport
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        RouterReport.prototype.toJSON = function() {
            return RouterReport.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for RouterReport
         * @function getTypeUrl
         * @memberof shoal.RouterReport
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        RouterReport.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.RouterReport";
        };

        return RouterReport;
    })();

    shoal.LogLine = (function() {

        /**
         * Properties of a LogLine.
         * @typedef {Object} shoal.LogLine.$Properties
         * @property {string|null} [app] LogLine app
         * @property {number|null} [atUs] LogLine atUs
         * @property {string|null} [source] LogLine source
         * @property {string|null} [dyno] LogLine dyno
         * @property {string|null} [message] LogLine message
         * @property {string|null} [hostId] LogLine hostId
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a LogLine.
         * @memberof shoal
         * @interface ILogLine
         * @augments shoal.LogLine.$Properties
         * @deprecated Use shoal.LogLine.$Properties instead.
         */

        /**
         * Shape of a LogLine.
         * @typedef {shoal.LogLine.$Properties} shoal.LogLine.$Shape
         */

        /**
         * Constructs a new LogLine.
         * @memberof shoal
         * @classdesc Represents a LogLine.
         * @constructor
         * @param {shoal.LogLine.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const LogLine = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * LogLine app.
         * @member {string} app
         * @memberof shoal.LogLine
         * @instance
         */
        LogLine.prototype.app = "";

        /**
         * LogLine atUs.
         * @member {number} atUs
         * @memberof shoal.LogLine
         * @instance
         */
        LogLine.prototype.atUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * LogLine source.
         * @member {string} source
         * @memberof shoal.LogLine
         * @instance
         */
        LogLine.prototype.source = "";

        /**
         * LogLine dyno.
         * @member {string} dyno
         * @memberof shoal.LogLine
         * @instance
         */
        LogLine.prototype.dyno = "";

        /**
         * LogLine message.
         * @member {string} message
         * @memberof shoal.LogLine
         * @instance
         */
        LogLine.prototype.message = "";

        /**
         * LogLine hostId.
         * @member {string} hostId
         * @memberof shoal.LogLine
         * @instance
         */
        LogLine.prototype.hostId = "";

        /**
         * Creates a new LogLine instance using the specified properties.
         * @function create
         * @memberof shoal.LogLine
         * @static
         * @param {shoal.LogLine.$Properties=} [properties] Properties to set
         * @returns {shoal.LogLine} LogLine instance
         * @type {{
         *   (properties: shoal.LogLine.$Shape): shoal.LogLine & shoal.LogLine.$Shape;
         *   (properties?: shoal.LogLine.$Properties): shoal.LogLine;
         * }}
         */
        LogLine.create = function(properties) {
            return new LogLine(properties);
        };

        /**
         * Encodes the specified LogLine message. Does not implicitly {@link shoal.LogLine.verify|verify} messages.
         * @function encode
         * @memberof shoal.LogLine
         * @static
         * @param {shoal.LogLine.$Properties} message LogLine message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        LogLine.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.app != null && $Object.hasOwnProperty.call(message, "app") && message.app !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.app);
            if (message.atUs != null && $Object.hasOwnProperty.call(message, "atUs") && (typeof message.atUs === "object" ? message.atUs.low || message.atUs.high : message.atUs !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.atUs);
            if (message.source != null && $Object.hasOwnProperty.call(message, "source") && message.source !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.source);
            if (message.dyno != null && $Object.hasOwnProperty.call(message, "dyno") && message.dyno !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.dyno);
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 5, wireType 2 =*/42).string(message.message);
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId") && message.hostId !== "")
                writer.uint32(/* id 6, wireType 2 =*/50).string(message.hostId);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a LogLine message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.LogLine
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.LogLine & shoal.LogLine.$Shape} LogLine
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        LogLine.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.LogLine();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.app = value;
                        else
                            delete message.app;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.atUs = value;
                        else
                            delete message.atUs;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.source = value;
                        else
                            delete message.source;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.dyno = value;
                        else
                            delete message.dyno;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostId = value;
                        else
                            delete message.hostId;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a LogLine message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.LogLine
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.LogLine} LogLine
         */
        LogLine.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.LogLine)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.LogLine: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.LogLine();
            if (object.app != null)
                if (typeof object.app !== "string" || object.app.length)
                    message.app = $String(object.app);
            if (object.atUs != null)
                if (typeof object.atUs === "object" ? object.atUs.low || object.atUs.high : $Number(object.atUs) !== 0)
                    if ($util.Long)
                        message.atUs = $util.Long.fromValue(object.atUs, true);
                    else if (typeof object.atUs === "string")
                        message.atUs = $parseInt(object.atUs, 10);
                    else if (typeof object.atUs === "number")
                        message.atUs = object.atUs;
                    else if (typeof object.atUs === "object")
                        message.atUs = new $util.LongBits(object.atUs.low >>> 0, object.atUs.high >>> 0).toNumber(true);
            if (object.source != null)
                if (typeof object.source !== "string" || object.source.length)
                    message.source = $String(object.source);
            if (object.dyno != null)
                if (typeof object.dyno !== "string" || object.dyno.length)
                    message.dyno = $String(object.dyno);
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            if (object.hostId != null)
                if (typeof object.hostId !== "string" || object.hostId.length)
                    message.hostId = $String(object.hostId);
            return message;
        };

        /**
         * Creates a plain object from a LogLine message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.LogLine
         * @static
         * @param {shoal.LogLine} message LogLine
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        LogLine.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.app = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.atUs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.atUs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.source = "";
                object.dyno = "";
                object.message = "";
                object.hostId = "";
            }
            if (message.app != null && $Object.hasOwnProperty.call(message, "app"))
                object.app = message.app;
            if (message.atUs != null && $Object.hasOwnProperty.call(message, "atUs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.atUs = typeof message.atUs === "number" ? $BigInt(message.atUs) : $util.Long.fromBits(message.atUs.low >>> 0, message.atUs.high >>> 0, true).toBigInt();
                else if (typeof message.atUs === "number")
                    object.atUs = options.longs === $String ? $String(message.atUs) : message.atUs;
                else
                    object.atUs = options.longs === $String ? $util.Long.prototype.toString.call(message.atUs) : options.longs === $Number ? new $util.LongBits(message.atUs.low >>> 0, message.atUs.high >>> 0).toNumber(true) : message.atUs;
            if (message.source != null && $Object.hasOwnProperty.call(message, "source"))
                object.source = message.source;
            if (message.dyno != null && $Object.hasOwnProperty.call(message, "dyno"))
                object.dyno = message.dyno;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            if (message.hostId != null && $Object.hasOwnProperty.call(message, "hostId"))
                object.hostId = message.hostId;
            return object;
        };

        /**
         * Converts this LogLine to JSON.
         * @function toJSON
         * @memberof shoal.LogLine
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        LogLine.prototype.toJSON = function() {
            return LogLine.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for LogLine
         * @function getTypeUrl
         * @memberof shoal.LogLine
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        LogLine.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.LogLine";
        };

        return LogLine;
    })();

    shoal.LogBatch = (function() {

        /**
         * Properties of a LogBatch.
         * @typedef {Object} shoal.LogBatch.$Properties
         * @property {Array.<shoal.LogLine.$Properties>|null} [lines] LogBatch lines
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a LogBatch.
         * @memberof shoal
         * @interface ILogBatch
         * @augments shoal.LogBatch.$Properties
         * @deprecated Use shoal.LogBatch.$Properties instead.
         */

        /**
         * Shape of a LogBatch.
         * @typedef {shoal.LogBatch.$Properties} shoal.LogBatch.$Shape
         */

        /**
         * Constructs a new LogBatch.
         * @memberof shoal
         * @classdesc Represents a LogBatch.
         * @constructor
         * @param {shoal.LogBatch.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const LogBatch = function (properties) {
            this.lines = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * LogBatch lines.
         * @member {Array.<shoal.LogLine.$Properties>} lines
         * @memberof shoal.LogBatch
         * @instance
         */
        LogBatch.prototype.lines = $util.emptyArray;

        /**
         * Creates a new LogBatch instance using the specified properties.
         * @function create
         * @memberof shoal.LogBatch
         * @static
         * @param {shoal.LogBatch.$Properties=} [properties] Properties to set
         * @returns {shoal.LogBatch} LogBatch instance
         * @type {{
         *   (properties: shoal.LogBatch.$Shape): shoal.LogBatch & shoal.LogBatch.$Shape;
         *   (properties?: shoal.LogBatch.$Properties): shoal.LogBatch;
         * }}
         */
        LogBatch.create = function(properties) {
            return new LogBatch(properties);
        };

        /**
         * Encodes the specified LogBatch message. Does not implicitly {@link shoal.LogBatch.verify|verify} messages.
         * @function encode
         * @memberof shoal.LogBatch
         * @static
         * @param {shoal.LogBatch.$Properties} message LogBatch message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        LogBatch.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.lines != null && message.lines.length)
                for (let i = 0; i < message.lines.length; ++i)
                    $root.shoal.LogLine.encode(message.lines[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a LogBatch message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.LogBatch
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.LogBatch & shoal.LogBatch.$Shape} LogBatch
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        LogBatch.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.LogBatch();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.lines && message.lines.length))
                            message.lines = [];
                        message.lines.push($root.shoal.LogLine.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a LogBatch message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.LogBatch
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.LogBatch} LogBatch
         */
        LogBatch.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.LogBatch)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.LogBatch: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.LogBatch();
            if (object.lines) {
                if (!$Array.isArray(object.lines))
                    throw $TypeError(".shoal.LogBatch.lines: array expected");
                message.lines = $Array(object.lines.length);
                for (let i = 0; i < object.lines.length; ++i) {
                    if (!$util.isObject(object.lines[i]))
                        throw $TypeError(".shoal.LogBatch.lines: object expected");
                    message.lines[i] = $root.shoal.LogLine.fromObject(object.lines[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a LogBatch message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.LogBatch
         * @static
         * @param {shoal.LogBatch} message LogBatch
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        LogBatch.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.lines = [];
            if (message.lines && message.lines.length) {
                object.lines = $Array(message.lines.length);
                for (let j = 0; j < message.lines.length; ++j)
                    object.lines[j] = $root.shoal.LogLine.toObject(message.lines[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this LogBatch to JSON.
         * @function toJSON
         * @memberof shoal.LogBatch
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        LogBatch.prototype.toJSON = function() {
            return LogBatch.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for LogBatch
         * @function getTypeUrl
         * @memberof shoal.LogBatch
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        LogBatch.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.LogBatch";
        };

        return LogBatch;
    })();

    shoal.StreamError = (function() {

        /**
         * Properties of a StreamError.
         * @typedef {Object} shoal.StreamError.$Properties
         * @property {string|null} [code] StreamError code
         * @property {string|null} [message] StreamError message
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a StreamError.
         * @memberof shoal
         * @interface IStreamError
         * @augments shoal.StreamError.$Properties
         * @deprecated Use shoal.StreamError.$Properties instead.
         */

        /**
         * Shape of a StreamError.
         * @typedef {shoal.StreamError.$Properties} shoal.StreamError.$Shape
         */

        /**
         * Constructs a new StreamError.
         * @memberof shoal
         * @classdesc Represents a StreamError.
         * @constructor
         * @param {shoal.StreamError.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const StreamError = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * StreamError code.
         * @member {string} code
         * @memberof shoal.StreamError
         * @instance
         */
        StreamError.prototype.code = "";

        /**
         * StreamError message.
         * @member {string} message
         * @memberof shoal.StreamError
         * @instance
         */
        StreamError.prototype.message = "";

        /**
         * Creates a new StreamError instance using the specified properties.
         * @function create
         * @memberof shoal.StreamError
         * @static
         * @param {shoal.StreamError.$Properties=} [properties] Properties to set
         * @returns {shoal.StreamError} StreamError instance
         * @type {{
         *   (properties: shoal.StreamError.$Shape): shoal.StreamError & shoal.StreamError.$Shape;
         *   (properties?: shoal.StreamError.$Properties): shoal.StreamError;
         * }}
         */
        StreamError.create = function(properties) {
            return new StreamError(properties);
        };

        /**
         * Encodes the specified StreamError message. Does not implicitly {@link shoal.StreamError.verify|verify} messages.
         * @function encode
         * @memberof shoal.StreamError
         * @static
         * @param {shoal.StreamError.$Properties} message StreamError message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        StreamError.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.code);
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a StreamError message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.StreamError
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.StreamError & shoal.StreamError.$Shape} StreamError
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        StreamError.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.StreamError();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.code = value;
                        else
                            delete message.code;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a StreamError message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.StreamError
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.StreamError} StreamError
         */
        StreamError.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.StreamError)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.StreamError: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.StreamError();
            if (object.code != null)
                if (typeof object.code !== "string" || object.code.length)
                    message.code = $String(object.code);
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            return message;
        };

        /**
         * Creates a plain object from a StreamError message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.StreamError
         * @static
         * @param {shoal.StreamError} message StreamError
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        StreamError.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.code = "";
                object.message = "";
            }
            if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                object.code = message.code;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            return object;
        };

        /**
         * Converts this StreamError to JSON.
         * @function toJSON
         * @memberof shoal.StreamError
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        StreamError.prototype.toJSON = function() {
            return StreamError.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for StreamError
         * @function getTypeUrl
         * @memberof shoal.StreamError
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        StreamError.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.StreamError";
        };

        return StreamError;
    })();

    shoal.BlobRequest = (function() {

        /**
         * Properties of a BlobRequest.
         * @typedef {Object} shoal.BlobRequest.$Properties
         * @property {string|null} [sha256] BlobRequest sha256
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a BlobRequest.
         * @memberof shoal
         * @interface IBlobRequest
         * @augments shoal.BlobRequest.$Properties
         * @deprecated Use shoal.BlobRequest.$Properties instead.
         */

        /**
         * Shape of a BlobRequest.
         * @typedef {shoal.BlobRequest.$Properties} shoal.BlobRequest.$Shape
         */

        /**
         * Constructs a new BlobRequest.
         * @memberof shoal
         * @classdesc Represents a BlobRequest.
         * @constructor
         * @param {shoal.BlobRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const BlobRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * BlobRequest sha256.
         * @member {string} sha256
         * @memberof shoal.BlobRequest
         * @instance
         */
        BlobRequest.prototype.sha256 = "";

        /**
         * Creates a new BlobRequest instance using the specified properties.
         * @function create
         * @memberof shoal.BlobRequest
         * @static
         * @param {shoal.BlobRequest.$Properties=} [properties] Properties to set
         * @returns {shoal.BlobRequest} BlobRequest instance
         * @type {{
         *   (properties: shoal.BlobRequest.$Shape): shoal.BlobRequest & shoal.BlobRequest.$Shape;
         *   (properties?: shoal.BlobRequest.$Properties): shoal.BlobRequest;
         * }}
         */
        BlobRequest.create = function(properties) {
            return new BlobRequest(properties);
        };

        /**
         * Encodes the specified BlobRequest message. Does not implicitly {@link shoal.BlobRequest.verify|verify} messages.
         * @function encode
         * @memberof shoal.BlobRequest
         * @static
         * @param {shoal.BlobRequest.$Properties} message BlobRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        BlobRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.sha256 != null && $Object.hasOwnProperty.call(message, "sha256") && message.sha256 !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.sha256);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a BlobRequest message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.BlobRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.BlobRequest & shoal.BlobRequest.$Shape} BlobRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        BlobRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.BlobRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.sha256 = value;
                        else
                            delete message.sha256;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a BlobRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.BlobRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.BlobRequest} BlobRequest
         */
        BlobRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.BlobRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.BlobRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.BlobRequest();
            if (object.sha256 != null)
                if (typeof object.sha256 !== "string" || object.sha256.length)
                    message.sha256 = $String(object.sha256);
            return message;
        };

        /**
         * Creates a plain object from a BlobRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.BlobRequest
         * @static
         * @param {shoal.BlobRequest} message BlobRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        BlobRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults)
                object.sha256 = "";
            if (message.sha256 != null && $Object.hasOwnProperty.call(message, "sha256"))
                object.sha256 = message.sha256;
            return object;
        };

        /**
         * Converts this BlobRequest to JSON.
         * @function toJSON
         * @memberof shoal.BlobRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        BlobRequest.prototype.toJSON = function() {
            return BlobRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for BlobRequest
         * @function getTypeUrl
         * @memberof shoal.BlobRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        BlobRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.BlobRequest";
        };

        return BlobRequest;
    })();

    shoal.BlobHeader = (function() {

        /**
         * Properties of a BlobHeader.
         * @typedef {Object} shoal.BlobHeader.$Properties
         * @property {boolean|null} [found] BlobHeader found
         * @property {number|null} [size] BlobHeader size
         * @property {string|null} [code] BlobHeader code
         * @property {string|null} [message] BlobHeader message
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a BlobHeader.
         * @memberof shoal
         * @interface IBlobHeader
         * @augments shoal.BlobHeader.$Properties
         * @deprecated Use shoal.BlobHeader.$Properties instead.
         */

        /**
         * Shape of a BlobHeader.
         * @typedef {shoal.BlobHeader.$Properties} shoal.BlobHeader.$Shape
         */

        /**
         * Constructs a new BlobHeader.
         * @memberof shoal
         * @classdesc Represents a BlobHeader.
         * @constructor
         * @param {shoal.BlobHeader.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const BlobHeader = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * BlobHeader found.
         * @member {boolean} found
         * @memberof shoal.BlobHeader
         * @instance
         */
        BlobHeader.prototype.found = false;

        /**
         * BlobHeader size.
         * @member {number} size
         * @memberof shoal.BlobHeader
         * @instance
         */
        BlobHeader.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * BlobHeader code.
         * @member {string} code
         * @memberof shoal.BlobHeader
         * @instance
         */
        BlobHeader.prototype.code = "";

        /**
         * BlobHeader message.
         * @member {string} message
         * @memberof shoal.BlobHeader
         * @instance
         */
        BlobHeader.prototype.message = "";

        /**
         * Creates a new BlobHeader instance using the specified properties.
         * @function create
         * @memberof shoal.BlobHeader
         * @static
         * @param {shoal.BlobHeader.$Properties=} [properties] Properties to set
         * @returns {shoal.BlobHeader} BlobHeader instance
         * @type {{
         *   (properties: shoal.BlobHeader.$Shape): shoal.BlobHeader & shoal.BlobHeader.$Shape;
         *   (properties?: shoal.BlobHeader.$Properties): shoal.BlobHeader;
         * }}
         */
        BlobHeader.create = function(properties) {
            return new BlobHeader(properties);
        };

        /**
         * Encodes the specified BlobHeader message. Does not implicitly {@link shoal.BlobHeader.verify|verify} messages.
         * @function encode
         * @memberof shoal.BlobHeader
         * @static
         * @param {shoal.BlobHeader.$Properties} message BlobHeader message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        BlobHeader.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.found != null && $Object.hasOwnProperty.call(message, "found") && message.found !== false)
                writer.uint32(/* id 1, wireType 0 =*/8).bool(message.found);
            if (message.size != null && $Object.hasOwnProperty.call(message, "size") && (typeof message.size === "object" ? message.size.low || message.size.high : message.size !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.size);
            if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.code);
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.message);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a BlobHeader message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.BlobHeader
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.BlobHeader & shoal.BlobHeader.$Shape} BlobHeader
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        BlobHeader.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.BlobHeader();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.found = value;
                        else
                            delete message.found;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.size = value;
                        else
                            delete message.size;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.code = value;
                        else
                            delete message.code;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a BlobHeader message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.BlobHeader
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.BlobHeader} BlobHeader
         */
        BlobHeader.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.BlobHeader)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.BlobHeader: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.BlobHeader();
            if (object.found != null)
                if (object.found)
                    message.found = $Boolean(object.found);
            if (object.size != null)
                if (typeof object.size === "object" ? object.size.low || object.size.high : $Number(object.size) !== 0)
                    if ($util.Long)
                        message.size = $util.Long.fromValue(object.size, true);
                    else if (typeof object.size === "string")
                        message.size = $parseInt(object.size, 10);
                    else if (typeof object.size === "number")
                        message.size = object.size;
                    else if (typeof object.size === "object")
                        message.size = new $util.LongBits(object.size.low >>> 0, object.size.high >>> 0).toNumber(true);
            if (object.code != null)
                if (typeof object.code !== "string" || object.code.length)
                    message.code = $String(object.code);
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            return message;
        };

        /**
         * Creates a plain object from a BlobHeader message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.BlobHeader
         * @static
         * @param {shoal.BlobHeader} message BlobHeader
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        BlobHeader.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.found = false;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.size = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.size = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.code = "";
                object.message = "";
            }
            if (message.found != null && $Object.hasOwnProperty.call(message, "found"))
                object.found = message.found;
            if (message.size != null && $Object.hasOwnProperty.call(message, "size"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.size = typeof message.size === "number" ? $BigInt(message.size) : $util.Long.fromBits(message.size.low >>> 0, message.size.high >>> 0, true).toBigInt();
                else if (typeof message.size === "number")
                    object.size = options.longs === $String ? $String(message.size) : message.size;
                else
                    object.size = options.longs === $String ? $util.Long.prototype.toString.call(message.size) : options.longs === $Number ? new $util.LongBits(message.size.low >>> 0, message.size.high >>> 0).toNumber(true) : message.size;
            if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                object.code = message.code;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            return object;
        };

        /**
         * Converts this BlobHeader to JSON.
         * @function toJSON
         * @memberof shoal.BlobHeader
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        BlobHeader.prototype.toJSON = function() {
            return BlobHeader.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for BlobHeader
         * @function getTypeUrl
         * @memberof shoal.BlobHeader
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        BlobHeader.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.BlobHeader";
        };

        return BlobHeader;
    })();

    shoal.BuildRequest = (function() {

        /**
         * Properties of a BuildRequest.
         * @typedef {Object} shoal.BuildRequest.$Properties
         * @property {string|null} [buildId] BuildRequest buildId
         * @property {string|null} [app] BuildRequest app
         * @property {string|null} [sourceSha256] BuildRequest sourceSha256
         * @property {string|null} [sourcePeer] BuildRequest sourcePeer
         * @property {Array.<string>|null} [buildpacks] BuildRequest buildpacks
         * @property {Object.<string,string>|null} [env] BuildRequest env
         * @property {string|null} [stack] BuildRequest stack
         * @property {number|null} [maxSlugBytes] BuildRequest maxSlugBytes
         * @property {number|null} [timeoutS] BuildRequest timeoutS
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a BuildRequest.
         * @memberof shoal
         * @interface IBuildRequest
         * @augments shoal.BuildRequest.$Properties
         * @deprecated Use shoal.BuildRequest.$Properties instead.
         */

        /**
         * Shape of a BuildRequest.
         * @typedef {shoal.BuildRequest.$Properties} shoal.BuildRequest.$Shape
         */

        /**
         * Constructs a new BuildRequest.
         * @memberof shoal
         * @classdesc Represents a BuildRequest.
         * @constructor
         * @param {shoal.BuildRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const BuildRequest = function (properties) {
            this.buildpacks = [];
            this.env = {};
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * BuildRequest buildId.
         * @member {string} buildId
         * @memberof shoal.BuildRequest
         * @instance
         */
        BuildRequest.prototype.buildId = "";

        /**
         * BuildRequest app.
         * @member {string} app
         * @memberof shoal.BuildRequest
         * @instance
         */
        BuildRequest.prototype.app = "";

        /**
         * BuildRequest sourceSha256.
         * @member {string} sourceSha256
         * @memberof shoal.BuildRequest
         * @instance
         */
        BuildRequest.prototype.sourceSha256 = "";

        /**
         * BuildRequest sourcePeer.
         * @member {string} sourcePeer
         * @memberof shoal.BuildRequest
         * @instance
         */
        BuildRequest.prototype.sourcePeer = "";

        /**
         * BuildRequest buildpacks.
         * @member {Array.<string>} buildpacks
         * @memberof shoal.BuildRequest
         * @instance
         */
        BuildRequest.prototype.buildpacks = $util.emptyArray;

        /**
         * BuildRequest env.
         * @member {Object.<string,string>} env
         * @memberof shoal.BuildRequest
         * @instance
         */
        BuildRequest.prototype.env = $util.emptyObject;

        /**
         * BuildRequest stack.
         * @member {string} stack
         * @memberof shoal.BuildRequest
         * @instance
         */
        BuildRequest.prototype.stack = "";

        /**
         * BuildRequest maxSlugBytes.
         * @member {number} maxSlugBytes
         * @memberof shoal.BuildRequest
         * @instance
         */
        BuildRequest.prototype.maxSlugBytes = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * BuildRequest timeoutS.
         * @member {number} timeoutS
         * @memberof shoal.BuildRequest
         * @instance
         */
        BuildRequest.prototype.timeoutS = 0;

        /**
         * Creates a new BuildRequest instance using the specified properties.
         * @function create
         * @memberof shoal.BuildRequest
         * @static
         * @param {shoal.BuildRequest.$Properties=} [properties] Properties to set
         * @returns {shoal.BuildRequest} BuildRequest instance
         * @type {{
         *   (properties: shoal.BuildRequest.$Shape): shoal.BuildRequest & shoal.BuildRequest.$Shape;
         *   (properties?: shoal.BuildRequest.$Properties): shoal.BuildRequest;
         * }}
         */
        BuildRequest.create = function(properties) {
            return new BuildRequest(properties);
        };

        /**
         * Encodes the specified BuildRequest message. Does not implicitly {@link shoal.BuildRequest.verify|verify} messages.
         * @function encode
         * @memberof shoal.BuildRequest
         * @static
         * @param {shoal.BuildRequest.$Properties} message BuildRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        BuildRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.buildId != null && $Object.hasOwnProperty.call(message, "buildId") && message.buildId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.buildId);
            if (message.app != null && $Object.hasOwnProperty.call(message, "app") && message.app !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.app);
            if (message.sourceSha256 != null && $Object.hasOwnProperty.call(message, "sourceSha256") && message.sourceSha256 !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.sourceSha256);
            if (message.sourcePeer != null && $Object.hasOwnProperty.call(message, "sourcePeer") && message.sourcePeer !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.sourcePeer);
            if (message.buildpacks != null && message.buildpacks.length)
                for (let i = 0; i < message.buildpacks.length; ++i)
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.buildpacks[i]);
            if (message.env != null && $Object.hasOwnProperty.call(message, "env"))
                for (let keys = $Object.keys(message.env), i = 0; i < keys.length; ++i)
                    writer.uint32(/* id 6, wireType 2 =*/50).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.env[keys[i]]).ldelim();
            if (message.stack != null && $Object.hasOwnProperty.call(message, "stack") && message.stack !== "")
                writer.uint32(/* id 7, wireType 2 =*/58).string(message.stack);
            if (message.maxSlugBytes != null && $Object.hasOwnProperty.call(message, "maxSlugBytes") && (typeof message.maxSlugBytes === "object" ? message.maxSlugBytes.low || message.maxSlugBytes.high : message.maxSlugBytes !== 0))
                writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.maxSlugBytes);
            if (message.timeoutS != null && $Object.hasOwnProperty.call(message, "timeoutS") && message.timeoutS !== 0)
                writer.uint32(/* id 9, wireType 0 =*/72).uint32(message.timeoutS);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a BuildRequest message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.BuildRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.BuildRequest & shoal.BuildRequest.$Shape} BuildRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        BuildRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, key, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.BuildRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.buildId = value;
                        else
                            delete message.buildId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.app = value;
                        else
                            delete message.app;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.sourceSha256 = value;
                        else
                            delete message.sourceSha256;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.sourcePeer = value;
                        else
                            delete message.sourcePeer;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (!(message.buildpacks && message.buildpacks.length))
                            message.buildpacks = [];
                        message.buildpacks.push(reader.stringVerify());
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if (message.env === $util.emptyObject)
                            message.env = {};
                        let end2 = reader.size() + reader.pos;
                        if (end2 > reader.len)
                            throw $RangeError("index out of range");
                        reader.len = end2;
                        key = "";
                        value = "";
                        while (reader.pos < end2) {
                            let tag2 = reader.tag();
                            wireType = tag2 & 7;
                            switch (tag2 >>>= 3) {
                            case 1:
                                if (wireType !== 2)
                                    break;
                                key = reader.stringVerify();
                                continue;
                            case 2:
                                if (wireType !== 2)
                                    break;
                                value = reader.stringVerify();
                                continue;
                            }
                            reader.skipType(wireType, _depth, tag2);
                        }
                        if (reader.pos !== end2)
                            throw $RangeError("index out of range");
                        reader.len = end;
                        if (key === "__proto__")
                            $util.makeProp(message.env, key);
                        message.env[key] = value;
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.stack = value;
                        else
                            delete message.stack;
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.maxSlugBytes = value;
                        else
                            delete message.maxSlugBytes;
                        continue;
                    }
                case 9: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.timeoutS = value;
                        else
                            delete message.timeoutS;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a BuildRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.BuildRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.BuildRequest} BuildRequest
         */
        BuildRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.BuildRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.BuildRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.BuildRequest();
            if (object.buildId != null)
                if (typeof object.buildId !== "string" || object.buildId.length)
                    message.buildId = $String(object.buildId);
            if (object.app != null)
                if (typeof object.app !== "string" || object.app.length)
                    message.app = $String(object.app);
            if (object.sourceSha256 != null)
                if (typeof object.sourceSha256 !== "string" || object.sourceSha256.length)
                    message.sourceSha256 = $String(object.sourceSha256);
            if (object.sourcePeer != null)
                if (typeof object.sourcePeer !== "string" || object.sourcePeer.length)
                    message.sourcePeer = $String(object.sourcePeer);
            if (object.buildpacks) {
                if (!$Array.isArray(object.buildpacks))
                    throw $TypeError(".shoal.BuildRequest.buildpacks: array expected");
                message.buildpacks = $Array(object.buildpacks.length);
                for (let i = 0; i < object.buildpacks.length; ++i)
                    message.buildpacks[i] = $String(object.buildpacks[i]);
            }
            if (object.env) {
                if (!$util.isObject(object.env))
                    throw $TypeError(".shoal.BuildRequest.env: object expected");
                message.env = {};
                for (let keys = $Object.keys(object.env), i = 0; i < keys.length; ++i) {
                    if (keys[i] === "__proto__")
                        $util.makeProp(message.env, keys[i]);
                    message.env[keys[i]] = $String(object.env[keys[i]]);
                }
            }
            if (object.stack != null)
                if (typeof object.stack !== "string" || object.stack.length)
                    message.stack = $String(object.stack);
            if (object.maxSlugBytes != null)
                if (typeof object.maxSlugBytes === "object" ? object.maxSlugBytes.low || object.maxSlugBytes.high : $Number(object.maxSlugBytes) !== 0)
                    if ($util.Long)
                        message.maxSlugBytes = $util.Long.fromValue(object.maxSlugBytes, true);
                    else if (typeof object.maxSlugBytes === "string")
                        message.maxSlugBytes = $parseInt(object.maxSlugBytes, 10);
                    else if (typeof object.maxSlugBytes === "number")
                        message.maxSlugBytes = object.maxSlugBytes;
                    else if (typeof object.maxSlugBytes === "object")
                        message.maxSlugBytes = new $util.LongBits(object.maxSlugBytes.low >>> 0, object.maxSlugBytes.high >>> 0).toNumber(true);
            if (object.timeoutS != null)
                if ($Number(object.timeoutS) !== 0)
                    message.timeoutS = object.timeoutS >>> 0;
            return message;
        };

        /**
         * Creates a plain object from a BuildRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.BuildRequest
         * @static
         * @param {shoal.BuildRequest} message BuildRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        BuildRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.buildpacks = [];
            if (options.objects || options.defaults)
                object.env = {};
            if (options.defaults) {
                object.buildId = "";
                object.app = "";
                object.sourceSha256 = "";
                object.sourcePeer = "";
                object.stack = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.maxSlugBytes = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.maxSlugBytes = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.timeoutS = 0;
            }
            if (message.buildId != null && $Object.hasOwnProperty.call(message, "buildId"))
                object.buildId = message.buildId;
            if (message.app != null && $Object.hasOwnProperty.call(message, "app"))
                object.app = message.app;
            if (message.sourceSha256 != null && $Object.hasOwnProperty.call(message, "sourceSha256"))
                object.sourceSha256 = message.sourceSha256;
            if (message.sourcePeer != null && $Object.hasOwnProperty.call(message, "sourcePeer"))
                object.sourcePeer = message.sourcePeer;
            if (message.buildpacks && message.buildpacks.length) {
                object.buildpacks = $Array(message.buildpacks.length);
                for (let j = 0; j < message.buildpacks.length; ++j)
                    object.buildpacks[j] = message.buildpacks[j];
            }
            let keys2;
            if (message.env && (keys2 = $Object.keys(message.env)).length) {
                object.env = {};
                for (let j = 0; j < keys2.length; ++j) {
                    if (keys2[j] === "__proto__")
                        $util.makeProp(object.env, keys2[j]);
                    object.env[keys2[j]] = message.env[keys2[j]];
                }
            }
            if (message.stack != null && $Object.hasOwnProperty.call(message, "stack"))
                object.stack = message.stack;
            if (message.maxSlugBytes != null && $Object.hasOwnProperty.call(message, "maxSlugBytes"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.maxSlugBytes = typeof message.maxSlugBytes === "number" ? $BigInt(message.maxSlugBytes) : $util.Long.fromBits(message.maxSlugBytes.low >>> 0, message.maxSlugBytes.high >>> 0, true).toBigInt();
                else if (typeof message.maxSlugBytes === "number")
                    object.maxSlugBytes = options.longs === $String ? $String(message.maxSlugBytes) : message.maxSlugBytes;
                else
                    object.maxSlugBytes = options.longs === $String ? $util.Long.prototype.toString.call(message.maxSlugBytes) : options.longs === $Number ? new $util.LongBits(message.maxSlugBytes.low >>> 0, message.maxSlugBytes.high >>> 0).toNumber(true) : message.maxSlugBytes;
            if (message.timeoutS != null && $Object.hasOwnProperty.call(message, "timeoutS"))
                object.timeoutS = message.timeoutS;
            return object;
        };

        /**
         * Converts this BuildRequest to JSON.
         * @function toJSON
         * @memberof shoal.BuildRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        BuildRequest.prototype.toJSON = function() {
            return BuildRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for BuildRequest
         * @function getTypeUrl
         * @memberof shoal.BuildRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        BuildRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.BuildRequest";
        };

        return BuildRequest;
    })();

    shoal.BuildResult = (function() {

        /**
         * Properties of a BuildResult.
         * @typedef {Object} shoal.BuildResult.$Properties
         * @property {boolean|null} [ok] BuildResult ok
         * @property {string|null} [code] BuildResult code
         * @property {string|null} [message] BuildResult message
         * @property {string|null} [slugSha256] BuildResult slugSha256
         * @property {number|null} [slugSize] BuildResult slugSize
         * @property {Object.<string,string>|null} [processTypes] BuildResult processTypes
         * @property {Array.<string>|null} [buildpacks] BuildResult buildpacks
         * @property {number|null} [durationMs] BuildResult durationMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a BuildResult.
         * @memberof shoal
         * @interface IBuildResult
         * @augments shoal.BuildResult.$Properties
         * @deprecated Use shoal.BuildResult.$Properties instead.
         */

        /**
         * Shape of a BuildResult.
         * @typedef {shoal.BuildResult.$Properties} shoal.BuildResult.$Shape
         */

        /**
         * Constructs a new BuildResult.
         * @memberof shoal
         * @classdesc Represents a BuildResult.
         * @constructor
         * @param {shoal.BuildResult.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const BuildResult = function (properties) {
            this.processTypes = {};
            this.buildpacks = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * BuildResult ok.
         * @member {boolean} ok
         * @memberof shoal.BuildResult
         * @instance
         */
        BuildResult.prototype.ok = false;

        /**
         * BuildResult code.
         * @member {string} code
         * @memberof shoal.BuildResult
         * @instance
         */
        BuildResult.prototype.code = "";

        /**
         * BuildResult message.
         * @member {string} message
         * @memberof shoal.BuildResult
         * @instance
         */
        BuildResult.prototype.message = "";

        /**
         * BuildResult slugSha256.
         * @member {string} slugSha256
         * @memberof shoal.BuildResult
         * @instance
         */
        BuildResult.prototype.slugSha256 = "";

        /**
         * BuildResult slugSize.
         * @member {number} slugSize
         * @memberof shoal.BuildResult
         * @instance
         */
        BuildResult.prototype.slugSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * BuildResult processTypes.
         * @member {Object.<string,string>} processTypes
         * @memberof shoal.BuildResult
         * @instance
         */
        BuildResult.prototype.processTypes = $util.emptyObject;

        /**
         * BuildResult buildpacks.
         * @member {Array.<string>} buildpacks
         * @memberof shoal.BuildResult
         * @instance
         */
        BuildResult.prototype.buildpacks = $util.emptyArray;

        /**
         * BuildResult durationMs.
         * @member {number} durationMs
         * @memberof shoal.BuildResult
         * @instance
         */
        BuildResult.prototype.durationMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new BuildResult instance using the specified properties.
         * @function create
         * @memberof shoal.BuildResult
         * @static
         * @param {shoal.BuildResult.$Properties=} [properties] Properties to set
         * @returns {shoal.BuildResult} BuildResult instance
         * @type {{
         *   (properties: shoal.BuildResult.$Shape): shoal.BuildResult & shoal.BuildResult.$Shape;
         *   (properties?: shoal.BuildResult.$Properties): shoal.BuildResult;
         * }}
         */
        BuildResult.create = function(properties) {
            return new BuildResult(properties);
        };

        /**
         * Encodes the specified BuildResult message. Does not implicitly {@link shoal.BuildResult.verify|verify} messages.
         * @function encode
         * @memberof shoal.BuildResult
         * @static
         * @param {shoal.BuildResult.$Properties} message BuildResult message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        BuildResult.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.ok != null && $Object.hasOwnProperty.call(message, "ok") && message.ok !== false)
                writer.uint32(/* id 1, wireType 0 =*/8).bool(message.ok);
            if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.code);
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.message);
            if (message.slugSha256 != null && $Object.hasOwnProperty.call(message, "slugSha256") && message.slugSha256 !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.slugSha256);
            if (message.slugSize != null && $Object.hasOwnProperty.call(message, "slugSize") && (typeof message.slugSize === "object" ? message.slugSize.low || message.slugSize.high : message.slugSize !== 0))
                writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.slugSize);
            if (message.processTypes != null && $Object.hasOwnProperty.call(message, "processTypes"))
                for (let keys = $Object.keys(message.processTypes), i = 0; i < keys.length; ++i)
                    writer.uint32(/* id 6, wireType 2 =*/50).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.processTypes[keys[i]]).ldelim();
            if (message.buildpacks != null && message.buildpacks.length)
                for (let i = 0; i < message.buildpacks.length; ++i)
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.buildpacks[i]);
            if (message.durationMs != null && $Object.hasOwnProperty.call(message, "durationMs") && (typeof message.durationMs === "object" ? message.durationMs.low || message.durationMs.high : message.durationMs !== 0))
                writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.durationMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a BuildResult message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.BuildResult
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.BuildResult & shoal.BuildResult.$Shape} BuildResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        BuildResult.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, key, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.BuildResult();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.ok = value;
                        else
                            delete message.ok;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.code = value;
                        else
                            delete message.code;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.slugSha256 = value;
                        else
                            delete message.slugSha256;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.slugSize = value;
                        else
                            delete message.slugSize;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if (message.processTypes === $util.emptyObject)
                            message.processTypes = {};
                        let end2 = reader.size() + reader.pos;
                        if (end2 > reader.len)
                            throw $RangeError("index out of range");
                        reader.len = end2;
                        key = "";
                        value = "";
                        while (reader.pos < end2) {
                            let tag2 = reader.tag();
                            wireType = tag2 & 7;
                            switch (tag2 >>>= 3) {
                            case 1:
                                if (wireType !== 2)
                                    break;
                                key = reader.stringVerify();
                                continue;
                            case 2:
                                if (wireType !== 2)
                                    break;
                                value = reader.stringVerify();
                                continue;
                            }
                            reader.skipType(wireType, _depth, tag2);
                        }
                        if (reader.pos !== end2)
                            throw $RangeError("index out of range");
                        reader.len = end;
                        if (key === "__proto__")
                            $util.makeProp(message.processTypes, key);
                        message.processTypes[key] = value;
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if (!(message.buildpacks && message.buildpacks.length))
                            message.buildpacks = [];
                        message.buildpacks.push(reader.stringVerify());
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.durationMs = value;
                        else
                            delete message.durationMs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a BuildResult message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.BuildResult
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.BuildResult} BuildResult
         */
        BuildResult.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.BuildResult)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.BuildResult: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.BuildResult();
            if (object.ok != null)
                if (object.ok)
                    message.ok = $Boolean(object.ok);
            if (object.code != null)
                if (typeof object.code !== "string" || object.code.length)
                    message.code = $String(object.code);
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            if (object.slugSha256 != null)
                if (typeof object.slugSha256 !== "string" || object.slugSha256.length)
                    message.slugSha256 = $String(object.slugSha256);
            if (object.slugSize != null)
                if (typeof object.slugSize === "object" ? object.slugSize.low || object.slugSize.high : $Number(object.slugSize) !== 0)
                    if ($util.Long)
                        message.slugSize = $util.Long.fromValue(object.slugSize, true);
                    else if (typeof object.slugSize === "string")
                        message.slugSize = $parseInt(object.slugSize, 10);
                    else if (typeof object.slugSize === "number")
                        message.slugSize = object.slugSize;
                    else if (typeof object.slugSize === "object")
                        message.slugSize = new $util.LongBits(object.slugSize.low >>> 0, object.slugSize.high >>> 0).toNumber(true);
            if (object.processTypes) {
                if (!$util.isObject(object.processTypes))
                    throw $TypeError(".shoal.BuildResult.processTypes: object expected");
                message.processTypes = {};
                for (let keys = $Object.keys(object.processTypes), i = 0; i < keys.length; ++i) {
                    if (keys[i] === "__proto__")
                        $util.makeProp(message.processTypes, keys[i]);
                    message.processTypes[keys[i]] = $String(object.processTypes[keys[i]]);
                }
            }
            if (object.buildpacks) {
                if (!$Array.isArray(object.buildpacks))
                    throw $TypeError(".shoal.BuildResult.buildpacks: array expected");
                message.buildpacks = $Array(object.buildpacks.length);
                for (let i = 0; i < object.buildpacks.length; ++i)
                    message.buildpacks[i] = $String(object.buildpacks[i]);
            }
            if (object.durationMs != null)
                if (typeof object.durationMs === "object" ? object.durationMs.low || object.durationMs.high : $Number(object.durationMs) !== 0)
                    if ($util.Long)
                        message.durationMs = $util.Long.fromValue(object.durationMs, true);
                    else if (typeof object.durationMs === "string")
                        message.durationMs = $parseInt(object.durationMs, 10);
                    else if (typeof object.durationMs === "number")
                        message.durationMs = object.durationMs;
                    else if (typeof object.durationMs === "object")
                        message.durationMs = new $util.LongBits(object.durationMs.low >>> 0, object.durationMs.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a BuildResult message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.BuildResult
         * @static
         * @param {shoal.BuildResult} message BuildResult
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        BuildResult.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.buildpacks = [];
            if (options.objects || options.defaults)
                object.processTypes = {};
            if (options.defaults) {
                object.ok = false;
                object.code = "";
                object.message = "";
                object.slugSha256 = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.slugSize = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.slugSize = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.durationMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.durationMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.ok != null && $Object.hasOwnProperty.call(message, "ok"))
                object.ok = message.ok;
            if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                object.code = message.code;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            if (message.slugSha256 != null && $Object.hasOwnProperty.call(message, "slugSha256"))
                object.slugSha256 = message.slugSha256;
            if (message.slugSize != null && $Object.hasOwnProperty.call(message, "slugSize"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.slugSize = typeof message.slugSize === "number" ? $BigInt(message.slugSize) : $util.Long.fromBits(message.slugSize.low >>> 0, message.slugSize.high >>> 0, true).toBigInt();
                else if (typeof message.slugSize === "number")
                    object.slugSize = options.longs === $String ? $String(message.slugSize) : message.slugSize;
                else
                    object.slugSize = options.longs === $String ? $util.Long.prototype.toString.call(message.slugSize) : options.longs === $Number ? new $util.LongBits(message.slugSize.low >>> 0, message.slugSize.high >>> 0).toNumber(true) : message.slugSize;
            let keys2;
            if (message.processTypes && (keys2 = $Object.keys(message.processTypes)).length) {
                object.processTypes = {};
                for (let j = 0; j < keys2.length; ++j) {
                    if (keys2[j] === "__proto__")
                        $util.makeProp(object.processTypes, keys2[j]);
                    object.processTypes[keys2[j]] = message.processTypes[keys2[j]];
                }
            }
            if (message.buildpacks && message.buildpacks.length) {
                object.buildpacks = $Array(message.buildpacks.length);
                for (let j = 0; j < message.buildpacks.length; ++j)
                    object.buildpacks[j] = message.buildpacks[j];
            }
            if (message.durationMs != null && $Object.hasOwnProperty.call(message, "durationMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.durationMs = typeof message.durationMs === "number" ? $BigInt(message.durationMs) : $util.Long.fromBits(message.durationMs.low >>> 0, message.durationMs.high >>> 0, true).toBigInt();
                else if (typeof message.durationMs === "number")
                    object.durationMs = options.longs === $String ? $String(message.durationMs) : message.durationMs;
                else
                    object.durationMs = options.longs === $String ? $util.Long.prototype.toString.call(message.durationMs) : options.longs === $Number ? new $util.LongBits(message.durationMs.low >>> 0, message.durationMs.high >>> 0).toNumber(true) : message.durationMs;
            return object;
        };

        /**
         * Converts this BuildResult to JSON.
         * @function toJSON
         * @memberof shoal.BuildResult
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        BuildResult.prototype.toJSON = function() {
            return BuildResult.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for BuildResult
         * @function getTypeUrl
         * @memberof shoal.BuildResult
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        BuildResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.BuildResult";
        };

        return BuildResult;
    })();

    shoal.BuildEvent = (function() {

        /**
         * Properties of a BuildEvent.
         * @typedef {Object} shoal.BuildEvent.$Properties
         * @property {string|null} [log] BuildEvent log
         * @property {shoal.BuildResult.$Properties|null} [result] BuildEvent result
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a BuildEvent.
         * @memberof shoal
         * @interface IBuildEvent
         * @augments shoal.BuildEvent.$Properties
         * @deprecated Use shoal.BuildEvent.$Properties instead.
         */

        /**
         * Shape of a BuildEvent.
         * @typedef {shoal.BuildEvent.$Properties} shoal.BuildEvent.$Shape
         */

        /**
         * Constructs a new BuildEvent.
         * @memberof shoal
         * @classdesc Represents a BuildEvent.
         * @constructor
         * @param {shoal.BuildEvent.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const BuildEvent = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * BuildEvent log.
         * @member {string} log
         * @memberof shoal.BuildEvent
         * @instance
         */
        BuildEvent.prototype.log = "";

        /**
         * BuildEvent result.
         * @member {shoal.BuildResult.$Properties|null|undefined} result
         * @memberof shoal.BuildEvent
         * @instance
         */
        BuildEvent.prototype.result = null;

        /**
         * Creates a new BuildEvent instance using the specified properties.
         * @function create
         * @memberof shoal.BuildEvent
         * @static
         * @param {shoal.BuildEvent.$Properties=} [properties] Properties to set
         * @returns {shoal.BuildEvent} BuildEvent instance
         * @type {{
         *   (properties: shoal.BuildEvent.$Shape): shoal.BuildEvent & shoal.BuildEvent.$Shape;
         *   (properties?: shoal.BuildEvent.$Properties): shoal.BuildEvent;
         * }}
         */
        BuildEvent.create = function(properties) {
            return new BuildEvent(properties);
        };

        /**
         * Encodes the specified BuildEvent message. Does not implicitly {@link shoal.BuildEvent.verify|verify} messages.
         * @function encode
         * @memberof shoal.BuildEvent
         * @static
         * @param {shoal.BuildEvent.$Properties} message BuildEvent message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        BuildEvent.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.log != null && $Object.hasOwnProperty.call(message, "log") && message.log !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.log);
            if (message.result != null && $Object.hasOwnProperty.call(message, "result"))
                $root.shoal.BuildResult.encode(message.result, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a BuildEvent message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.BuildEvent
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.BuildEvent & shoal.BuildEvent.$Shape} BuildEvent
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        BuildEvent.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.BuildEvent();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.log = value;
                        else
                            delete message.log;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        message.result = $root.shoal.BuildResult.decode(reader, reader.size(), $undefined, _depth + 1, message.result);
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a BuildEvent message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.BuildEvent
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.BuildEvent} BuildEvent
         */
        BuildEvent.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.BuildEvent)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.BuildEvent: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.BuildEvent();
            if (object.log != null)
                if (typeof object.log !== "string" || object.log.length)
                    message.log = $String(object.log);
            if (object.result != null) {
                if (!$util.isObject(object.result))
                    throw $TypeError(".shoal.BuildEvent.result: object expected");
                message.result = $root.shoal.BuildResult.fromObject(object.result, _depth + 1);
            }
            return message;
        };

        /**
         * Creates a plain object from a BuildEvent message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.BuildEvent
         * @static
         * @param {shoal.BuildEvent} message BuildEvent
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        BuildEvent.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.log = "";
                object.result = null;
            }
            if (message.log != null && $Object.hasOwnProperty.call(message, "log"))
                object.log = message.log;
            if (message.result != null && $Object.hasOwnProperty.call(message, "result"))
                object.result = $root.shoal.BuildResult.toObject(message.result, options, _depth + 1);
            return object;
        };

        /**
         * Converts this BuildEvent to JSON.
         * @function toJSON
         * @memberof shoal.BuildEvent
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        BuildEvent.prototype.toJSON = function() {
            return BuildEvent.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for BuildEvent
         * @function getTypeUrl
         * @memberof shoal.BuildEvent
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        BuildEvent.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.BuildEvent";
        };

        return BuildEvent;
    })();

    shoal.AppEntry = (function() {

        /**
         * Properties of an AppEntry.
         * @typedef {Object} shoal.AppEntry.$Properties
         * @property {string|null} [name] AppEntry name
         * @property {Array.<string>|null} [domains] AppEntry domains
         * @property {boolean|null} [crashed] AppEntry crashed
         * @property {boolean|null} [maintenance] AppEntry maintenance
         * @property {Object.<string,number>|null} [concurrency] AppEntry concurrency
         * @property {Object.<string,number>|null} [sleeping] AppEntry sleeping
         * @property {Array.<string>|null} [features] AppEntry features
         * @property {Object.<string,string>|null} [webDynos] AppEntry webDynos
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AppEntry.
         * @memberof shoal
         * @interface IAppEntry
         * @augments shoal.AppEntry.$Properties
         * @deprecated Use shoal.AppEntry.$Properties instead.
         */

        /**
         * Shape of an AppEntry.
         * @typedef {shoal.AppEntry.$Properties} shoal.AppEntry.$Shape
         */

        /**
         * Constructs a new AppEntry.
         * @memberof shoal
         * @classdesc Represents an AppEntry.
         * @constructor
         * @param {shoal.AppEntry.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AppEntry = function (properties) {
            this.domains = [];
            this.concurrency = {};
            this.sleeping = {};
            this.features = [];
            this.webDynos = {};
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AppEntry name.
         * @member {string} name
         * @memberof shoal.AppEntry
         * @instance
         */
        AppEntry.prototype.name = "";

        /**
         * AppEntry domains.
         * @member {Array.<string>} domains
         * @memberof shoal.AppEntry
         * @instance
         */
        AppEntry.prototype.domains = $util.emptyArray;

        /**
         * AppEntry crashed.
         * @member {boolean} crashed
         * @memberof shoal.AppEntry
         * @instance
         */
        AppEntry.prototype.crashed = false;

        /**
         * AppEntry maintenance.
         * @member {boolean} maintenance
         * @memberof shoal.AppEntry
         * @instance
         */
        AppEntry.prototype.maintenance = false;

        /**
         * AppEntry concurrency.
         * @member {Object.<string,number>} concurrency
         * @memberof shoal.AppEntry
         * @instance
         */
        AppEntry.prototype.concurrency = $util.emptyObject;

        /**
         * AppEntry sleeping.
         * @member {Object.<string,number>} sleeping
         * @memberof shoal.AppEntry
         * @instance
         */
        AppEntry.prototype.sleeping = $util.emptyObject;

        /**
         * AppEntry features.
         * @member {Array.<string>} features
         * @memberof shoal.AppEntry
         * @instance
         */
        AppEntry.prototype.features = $util.emptyArray;

        /**
         * AppEntry webDynos.
         * @member {Object.<string,string>} webDynos
         * @memberof shoal.AppEntry
         * @instance
         */
        AppEntry.prototype.webDynos = $util.emptyObject;

        /**
         * Creates a new AppEntry instance using the specified properties.
         * @function create
         * @memberof shoal.AppEntry
         * @static
         * @param {shoal.AppEntry.$Properties=} [properties] Properties to set
         * @returns {shoal.AppEntry} AppEntry instance
         * @type {{
         *   (properties: shoal.AppEntry.$Shape): shoal.AppEntry & shoal.AppEntry.$Shape;
         *   (properties?: shoal.AppEntry.$Properties): shoal.AppEntry;
         * }}
         */
        AppEntry.create = function(properties) {
            return new AppEntry(properties);
        };

        /**
         * Encodes the specified AppEntry message. Does not implicitly {@link shoal.AppEntry.verify|verify} messages.
         * @function encode
         * @memberof shoal.AppEntry
         * @static
         * @param {shoal.AppEntry.$Properties} message AppEntry message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AppEntry.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
            if (message.domains != null && message.domains.length)
                for (let i = 0; i < message.domains.length; ++i)
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.domains[i]);
            if (message.crashed != null && $Object.hasOwnProperty.call(message, "crashed") && message.crashed !== false)
                writer.uint32(/* id 3, wireType 0 =*/24).bool(message.crashed);
            if (message.maintenance != null && $Object.hasOwnProperty.call(message, "maintenance") && message.maintenance !== false)
                writer.uint32(/* id 4, wireType 0 =*/32).bool(message.maintenance);
            if (message.concurrency != null && $Object.hasOwnProperty.call(message, "concurrency"))
                for (let keys = $Object.keys(message.concurrency), i = 0; i < keys.length; ++i)
                    writer.uint32(/* id 5, wireType 2 =*/42).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 0 =*/16).uint32(message.concurrency[keys[i]]).ldelim();
            if (message.sleeping != null && $Object.hasOwnProperty.call(message, "sleeping"))
                for (let keys = $Object.keys(message.sleeping), i = 0; i < keys.length; ++i)
                    writer.uint32(/* id 6, wireType 2 =*/50).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 0 =*/16).uint32(message.sleeping[keys[i]]).ldelim();
            if (message.features != null && message.features.length)
                for (let i = 0; i < message.features.length; ++i)
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.features[i]);
            if (message.webDynos != null && $Object.hasOwnProperty.call(message, "webDynos"))
                for (let keys = $Object.keys(message.webDynos), i = 0; i < keys.length; ++i)
                    writer.uint32(/* id 10, wireType 2 =*/82).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.webDynos[keys[i]]).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AppEntry message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.AppEntry
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.AppEntry & shoal.AppEntry.$Shape} AppEntry
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AppEntry.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, key, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.AppEntry();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.name = value;
                        else
                            delete message.name;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.domains && message.domains.length))
                            message.domains = [];
                        message.domains.push(reader.stringVerify());
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.crashed = value;
                        else
                            delete message.crashed;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.maintenance = value;
                        else
                            delete message.maintenance;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (message.concurrency === $util.emptyObject)
                            message.concurrency = {};
                        let end2 = reader.size() + reader.pos;
                        if (end2 > reader.len)
                            throw $RangeError("index out of range");
                        reader.len = end2;
                        key = "";
                        value = 0;
                        while (reader.pos < end2) {
                            let tag2 = reader.tag();
                            wireType = tag2 & 7;
                            switch (tag2 >>>= 3) {
                            case 1:
                                if (wireType !== 2)
                                    break;
                                key = reader.stringVerify();
                                continue;
                            case 2:
                                if (wireType !== 0)
                                    break;
                                value = reader.uint32();
                                continue;
                            }
                            reader.skipType(wireType, _depth, tag2);
                        }
                        if (reader.pos !== end2)
                            throw $RangeError("index out of range");
                        reader.len = end;
                        if (key === "__proto__")
                            $util.makeProp(message.concurrency, key);
                        message.concurrency[key] = value;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if (message.sleeping === $util.emptyObject)
                            message.sleeping = {};
                        let end2 = reader.size() + reader.pos;
                        if (end2 > reader.len)
                            throw $RangeError("index out of range");
                        reader.len = end2;
                        key = "";
                        value = 0;
                        while (reader.pos < end2) {
                            let tag2 = reader.tag();
                            wireType = tag2 & 7;
                            switch (tag2 >>>= 3) {
                            case 1:
                                if (wireType !== 2)
                                    break;
                                key = reader.stringVerify();
                                continue;
                            case 2:
                                if (wireType !== 0)
                                    break;
                                value = reader.uint32();
                                continue;
                            }
                            reader.skipType(wireType, _depth, tag2);
                        }
                        if (reader.pos !== end2)
                            throw $RangeError("index out of range");
                        reader.len = end;
                        if (key === "__proto__")
                            $util.makeProp(message.sleeping, key);
                        message.sleeping[key] = value;
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if (!(message.features && message.features.length))
                            message.features = [];
                        message.features.push(reader.stringVerify());
                        continue;
                    }
                case 10: {
                        if (wireType !== 2)
                            break;
                        if (message.webDynos === $util.emptyObject)
                            message.webDynos = {};
                        let end2 = reader.size() + reader.pos;
                        if (end2 > reader.len)
                            throw $RangeError("index out of range");
                        reader.len = end2;
                        key = "";
                        value = "";
                        while (reader.pos < end2) {
                            let tag2 = reader.tag();
                            wireType = tag2 & 7;
                            switch (tag2 >>>= 3) {
                            case 1:
                                if (wireType !== 2)
                                    break;
                                key = reader.stringVerify();
                                continue;
                            case 2:
                                if (wireType !== 2)
                                    break;
                                value = reader.stringVerify();
                                continue;
                            }
                            reader.skipType(wireType, _depth, tag2);
                        }
                        if (reader.pos !== end2)
                            throw $RangeError("index out of range");
                        reader.len = end;
                        if (key === "__proto__")
                            $util.makeProp(message.webDynos, key);
                        message.webDynos[key] = value;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates an AppEntry message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.AppEntry
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.AppEntry} AppEntry
         */
        AppEntry.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.AppEntry)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.AppEntry: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.AppEntry();
            if (object.name != null)
                if (typeof object.name !== "string" || object.name.length)
                    message.name = $String(object.name);
            if (object.domains) {
                if (!$Array.isArray(object.domains))
                    throw $TypeError(".shoal.AppEntry.domains: array expected");
                message.domains = $Array(object.domains.length);
                for (let i = 0; i < object.domains.length; ++i)
                    message.domains[i] = $String(object.domains[i]);
            }
            if (object.crashed != null)
                if (object.crashed)
                    message.crashed = $Boolean(object.crashed);
            if (object.maintenance != null)
                if (object.maintenance)
                    message.maintenance = $Boolean(object.maintenance);
            if (object.concurrency) {
                if (!$util.isObject(object.concurrency))
                    throw $TypeError(".shoal.AppEntry.concurrency: object expected");
                message.concurrency = {};
                for (let keys = $Object.keys(object.concurrency), i = 0; i < keys.length; ++i) {
                    if (keys[i] === "__proto__")
                        $util.makeProp(message.concurrency, keys[i]);
                    message.concurrency[keys[i]] = object.concurrency[keys[i]] >>> 0;
                }
            }
            if (object.sleeping) {
                if (!$util.isObject(object.sleeping))
                    throw $TypeError(".shoal.AppEntry.sleeping: object expected");
                message.sleeping = {};
                for (let keys = $Object.keys(object.sleeping), i = 0; i < keys.length; ++i) {
                    if (keys[i] === "__proto__")
                        $util.makeProp(message.sleeping, keys[i]);
                    message.sleeping[keys[i]] = object.sleeping[keys[i]] >>> 0;
                }
            }
            if (object.features) {
                if (!$Array.isArray(object.features))
                    throw $TypeError(".shoal.AppEntry.features: array expected");
                message.features = $Array(object.features.length);
                for (let i = 0; i < object.features.length; ++i)
                    message.features[i] = $String(object.features[i]);
            }
            if (object.webDynos) {
                if (!$util.isObject(object.webDynos))
                    throw $TypeError(".shoal.AppEntry.webDynos: object expected");
                message.webDynos = {};
                for (let keys = $Object.keys(object.webDynos), i = 0; i < keys.length; ++i) {
                    if (keys[i] === "__proto__")
                        $util.makeProp(message.webDynos, keys[i]);
                    message.webDynos[keys[i]] = $String(object.webDynos[keys[i]]);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from an AppEntry message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.AppEntry
         * @static
         * @param {shoal.AppEntry} message AppEntry
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        AppEntry.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.domains = [];
                object.features = [];
            }
            if (options.objects || options.defaults) {
                object.concurrency = {};
                object.sleeping = {};
                object.webDynos = {};
            }
            if (options.defaults) {
                object.name = "";
                object.crashed = false;
                object.maintenance = false;
            }
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                object.name = message.name;
            if (message.domains && message.domains.length) {
                object.domains = $Array(message.domains.length);
                for (let j = 0; j < message.domains.length; ++j)
                    object.domains[j] = message.domains[j];
            }
            if (message.crashed != null && $Object.hasOwnProperty.call(message, "crashed"))
                object.crashed = message.crashed;
            if (message.maintenance != null && $Object.hasOwnProperty.call(message, "maintenance"))
                object.maintenance = message.maintenance;
            let keys2;
            if (message.concurrency && (keys2 = $Object.keys(message.concurrency)).length) {
                object.concurrency = {};
                for (let j = 0; j < keys2.length; ++j) {
                    if (keys2[j] === "__proto__")
                        $util.makeProp(object.concurrency, keys2[j]);
                    object.concurrency[keys2[j]] = message.concurrency[keys2[j]];
                }
            }
            if (message.sleeping && (keys2 = $Object.keys(message.sleeping)).length) {
                object.sleeping = {};
                for (let j = 0; j < keys2.length; ++j) {
                    if (keys2[j] === "__proto__")
                        $util.makeProp(object.sleeping, keys2[j]);
                    object.sleeping[keys2[j]] = message.sleeping[keys2[j]];
                }
            }
            if (message.features && message.features.length) {
                object.features = $Array(message.features.length);
                for (let j = 0; j < message.features.length; ++j)
                    object.features[j] = message.features[j];
            }
            if (message.webDynos && (keys2 = $Object.keys(message.webDynos)).length) {
                object.webDynos = {};
                for (let j = 0; j < keys2.length; ++j) {
                    if (keys2[j] === "__proto__")
                        $util.makeProp(object.webDynos, keys2[j]);
                    object.webDynos[keys2[j]] = message.webDynos[keys2[j]];
                }
            }
            return object;
        };

        /**
         * Converts this AppEntry to JSON.
         * @function toJSON
         * @memberof shoal.AppEntry
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        AppEntry.prototype.toJSON = function() {
            return AppEntry.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for AppEntry
         * @function getTypeUrl
         * @memberof shoal.AppEntry
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        AppEntry.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.AppEntry";
        };

        return AppEntry;
    })();

    shoal.AppDirectory = (function() {

        /**
         * Properties of an AppDirectory.
         * @typedef {Object} shoal.AppDirectory.$Properties
         * @property {Array.<shoal.AppEntry.$Properties>|null} [apps] AppDirectory apps
         * @property {string|null} [domain] AppDirectory domain
         * @property {number|null} [epoch] AppDirectory epoch
         * @property {number|null} [sentAtMs] AppDirectory sentAtMs
         * @property {number|null} [tlsVersion] AppDirectory tlsVersion
         * @property {Array.<string>|null} [admitted] AppDirectory admitted
         * @property {boolean|null} [trust] AppDirectory trust
         * @property {Array.<string>|null} [revoked] AppDirectory revoked
         * @property {Object.<string,string>|null} [stackHashes] AppDirectory stackHashes
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AppDirectory.
         * @memberof shoal
         * @interface IAppDirectory
         * @augments shoal.AppDirectory.$Properties
         * @deprecated Use shoal.AppDirectory.$Properties instead.
         */

        /**
         * Shape of an AppDirectory.
         * @typedef {shoal.AppDirectory.$Properties} shoal.AppDirectory.$Shape
         */

        /**
         * Constructs a new AppDirectory.
         * @memberof shoal
         * @classdesc Represents an AppDirectory.
         * @constructor
         * @param {shoal.AppDirectory.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AppDirectory = function (properties) {
            this.apps = [];
            this.admitted = [];
            this.revoked = [];
            this.stackHashes = {};
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AppDirectory apps.
         * @member {Array.<shoal.AppEntry.$Properties>} apps
         * @memberof shoal.AppDirectory
         * @instance
         */
        AppDirectory.prototype.apps = $util.emptyArray;

        /**
         * AppDirectory domain.
         * @member {string} domain
         * @memberof shoal.AppDirectory
         * @instance
         */
        AppDirectory.prototype.domain = "";

        /**
         * AppDirectory epoch.
         * @member {number} epoch
         * @memberof shoal.AppDirectory
         * @instance
         */
        AppDirectory.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * AppDirectory sentAtMs.
         * @member {number} sentAtMs
         * @memberof shoal.AppDirectory
         * @instance
         */
        AppDirectory.prototype.sentAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * AppDirectory tlsVersion.
         * @member {number} tlsVersion
         * @memberof shoal.AppDirectory
         * @instance
         */
        AppDirectory.prototype.tlsVersion = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * AppDirectory admitted.
         * @member {Array.<string>} admitted
         * @memberof shoal.AppDirectory
         * @instance
         */
        AppDirectory.prototype.admitted = $util.emptyArray;

        /**
         * AppDirectory trust.
         * @member {boolean} trust
         * @memberof shoal.AppDirectory
         * @instance
         */
        AppDirectory.prototype.trust = false;

        /**
         * AppDirectory revoked.
         * @member {Array.<string>} revoked
         * @memberof shoal.AppDirectory
         * @instance
         */
        AppDirectory.prototype.revoked = $util.emptyArray;

        /**
         * AppDirectory stackHashes.
         * @member {Object.<string,string>} stackHashes
         * @memberof shoal.AppDirectory
         * @instance
         */
        AppDirectory.prototype.stackHashes = $util.emptyObject;

        /**
         * Creates a new AppDirectory instance using the specified properties.
         * @function create
         * @memberof shoal.AppDirectory
         * @static
         * @param {shoal.AppDirectory.$Properties=} [properties] Properties to set
         * @returns {shoal.AppDirectory} AppDirectory instance
         * @type {{
         *   (properties: shoal.AppDirectory.$Shape): shoal.AppDirectory & shoal.AppDirectory.$Shape;
         *   (properties?: shoal.AppDirectory.$Properties): shoal.AppDirectory;
         * }}
         */
        AppDirectory.create = function(properties) {
            return new AppDirectory(properties);
        };

        /**
         * Encodes the specified AppDirectory message. Does not implicitly {@link shoal.AppDirectory.verify|verify} messages.
         * @function encode
         * @memberof shoal.AppDirectory
         * @static
         * @param {shoal.AppDirectory.$Properties} message AppDirectory message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AppDirectory.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.apps != null && message.apps.length)
                for (let i = 0; i < message.apps.length; ++i)
                    $root.shoal.AppEntry.encode(message.apps[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.domain != null && $Object.hasOwnProperty.call(message, "domain") && message.domain !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.domain);
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.epoch);
            if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs") && (typeof message.sentAtMs === "object" ? message.sentAtMs.low || message.sentAtMs.high : message.sentAtMs !== 0))
                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.sentAtMs);
            if (message.tlsVersion != null && $Object.hasOwnProperty.call(message, "tlsVersion") && (typeof message.tlsVersion === "object" ? message.tlsVersion.low || message.tlsVersion.high : message.tlsVersion !== 0))
                writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.tlsVersion);
            if (message.admitted != null && message.admitted.length)
                for (let i = 0; i < message.admitted.length; ++i)
                    writer.uint32(/* id 10, wireType 2 =*/82).string(message.admitted[i]);
            if (message.trust != null && $Object.hasOwnProperty.call(message, "trust") && message.trust !== false)
                writer.uint32(/* id 11, wireType 0 =*/88).bool(message.trust);
            if (message.revoked != null && message.revoked.length)
                for (let i = 0; i < message.revoked.length; ++i)
                    writer.uint32(/* id 12, wireType 2 =*/98).string(message.revoked[i]);
            if (message.stackHashes != null && $Object.hasOwnProperty.call(message, "stackHashes"))
                for (let keys = $Object.keys(message.stackHashes), i = 0; i < keys.length; ++i)
                    writer.uint32(/* id 13, wireType 2 =*/106).fork().uint32(/* id 1, wireType 2 =*/10).string(keys[i]).uint32(/* id 2, wireType 2 =*/18).string(message.stackHashes[keys[i]]).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AppDirectory message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.AppDirectory
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.AppDirectory & shoal.AppDirectory.$Shape} AppDirectory
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AppDirectory.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, key, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.AppDirectory();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.apps && message.apps.length))
                            message.apps = [];
                        message.apps.push($root.shoal.AppEntry.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.domain = value;
                        else
                            delete message.domain;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.sentAtMs = value;
                        else
                            delete message.sentAtMs;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.tlsVersion = value;
                        else
                            delete message.tlsVersion;
                        continue;
                    }
                case 10: {
                        if (wireType !== 2)
                            break;
                        if (!(message.admitted && message.admitted.length))
                            message.admitted = [];
                        message.admitted.push(reader.stringVerify());
                        continue;
                    }
                case 11: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.trust = value;
                        else
                            delete message.trust;
                        continue;
                    }
                case 12: {
                        if (wireType !== 2)
                            break;
                        if (!(message.revoked && message.revoked.length))
                            message.revoked = [];
                        message.revoked.push(reader.stringVerify());
                        continue;
                    }
                case 13: {
                        if (wireType !== 2)
                            break;
                        if (message.stackHashes === $util.emptyObject)
                            message.stackHashes = {};
                        let end2 = reader.size() + reader.pos;
                        if (end2 > reader.len)
                            throw $RangeError("index out of range");
                        reader.len = end2;
                        key = "";
                        value = "";
                        while (reader.pos < end2) {
                            let tag2 = reader.tag();
                            wireType = tag2 & 7;
                            switch (tag2 >>>= 3) {
                            case 1:
                                if (wireType !== 2)
                                    break;
                                key = reader.stringVerify();
                                continue;
                            case 2:
                                if (wireType !== 2)
                                    break;
                                value = reader.stringVerify();
                                continue;
                            }
                            reader.skipType(wireType, _depth, tag2);
                        }
                        if (reader.pos !== end2)
                            throw $RangeError("index out of range");
                        reader.len = end;
                        if (key === "__proto__")
                            $util.makeProp(message.stackHashes, key);
                        message.stackHashes[key] = value;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates an AppDirectory message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.AppDirectory
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.AppDirectory} AppDirectory
         */
        AppDirectory.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.AppDirectory)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.AppDirectory: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.AppDirectory();
            if (object.apps) {
                if (!$Array.isArray(object.apps))
                    throw $TypeError(".shoal.AppDirectory.apps: array expected");
                message.apps = $Array(object.apps.length);
                for (let i = 0; i < object.apps.length; ++i) {
                    if (!$util.isObject(object.apps[i]))
                        throw $TypeError(".shoal.AppDirectory.apps: object expected");
                    message.apps[i] = $root.shoal.AppEntry.fromObject(object.apps[i], _depth + 1);
                }
            }
            if (object.domain != null)
                if (typeof object.domain !== "string" || object.domain.length)
                    message.domain = $String(object.domain);
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            if (object.sentAtMs != null)
                if (typeof object.sentAtMs === "object" ? object.sentAtMs.low || object.sentAtMs.high : $Number(object.sentAtMs) !== 0)
                    if ($util.Long)
                        message.sentAtMs = $util.Long.fromValue(object.sentAtMs, true);
                    else if (typeof object.sentAtMs === "string")
                        message.sentAtMs = $parseInt(object.sentAtMs, 10);
                    else if (typeof object.sentAtMs === "number")
                        message.sentAtMs = object.sentAtMs;
                    else if (typeof object.sentAtMs === "object")
                        message.sentAtMs = new $util.LongBits(object.sentAtMs.low >>> 0, object.sentAtMs.high >>> 0).toNumber(true);
            if (object.tlsVersion != null)
                if (typeof object.tlsVersion === "object" ? object.tlsVersion.low || object.tlsVersion.high : $Number(object.tlsVersion) !== 0)
                    if ($util.Long)
                        message.tlsVersion = $util.Long.fromValue(object.tlsVersion, true);
                    else if (typeof object.tlsVersion === "string")
                        message.tlsVersion = $parseInt(object.tlsVersion, 10);
                    else if (typeof object.tlsVersion === "number")
                        message.tlsVersion = object.tlsVersion;
                    else if (typeof object.tlsVersion === "object")
                        message.tlsVersion = new $util.LongBits(object.tlsVersion.low >>> 0, object.tlsVersion.high >>> 0).toNumber(true);
            if (object.admitted) {
                if (!$Array.isArray(object.admitted))
                    throw $TypeError(".shoal.AppDirectory.admitted: array expected");
                message.admitted = $Array(object.admitted.length);
                for (let i = 0; i < object.admitted.length; ++i)
                    message.admitted[i] = $String(object.admitted[i]);
            }
            if (object.trust != null)
                if (object.trust)
                    message.trust = $Boolean(object.trust);
            if (object.revoked) {
                if (!$Array.isArray(object.revoked))
                    throw $TypeError(".shoal.AppDirectory.revoked: array expected");
                message.revoked = $Array(object.revoked.length);
                for (let i = 0; i < object.revoked.length; ++i)
                    message.revoked[i] = $String(object.revoked[i]);
            }
            if (object.stackHashes) {
                if (!$util.isObject(object.stackHashes))
                    throw $TypeError(".shoal.AppDirectory.stackHashes: object expected");
                message.stackHashes = {};
                for (let keys = $Object.keys(object.stackHashes), i = 0; i < keys.length; ++i) {
                    if (keys[i] === "__proto__")
                        $util.makeProp(message.stackHashes, keys[i]);
                    message.stackHashes[keys[i]] = $String(object.stackHashes[keys[i]]);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from an AppDirectory message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.AppDirectory
         * @static
         * @param {shoal.AppDirectory} message AppDirectory
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        AppDirectory.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.apps = [];
                object.admitted = [];
                object.revoked = [];
            }
            if (options.objects || options.defaults)
                object.stackHashes = {};
            if (options.defaults) {
                object.domain = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.sentAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.sentAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.tlsVersion = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.tlsVersion = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.trust = false;
            }
            if (message.apps && message.apps.length) {
                object.apps = $Array(message.apps.length);
                for (let j = 0; j < message.apps.length; ++j)
                    object.apps[j] = $root.shoal.AppEntry.toObject(message.apps[j], options, _depth + 1);
            }
            if (message.domain != null && $Object.hasOwnProperty.call(message, "domain"))
                object.domain = message.domain;
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.sentAtMs = typeof message.sentAtMs === "number" ? $BigInt(message.sentAtMs) : $util.Long.fromBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0, true).toBigInt();
                else if (typeof message.sentAtMs === "number")
                    object.sentAtMs = options.longs === $String ? $String(message.sentAtMs) : message.sentAtMs;
                else
                    object.sentAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.sentAtMs) : options.longs === $Number ? new $util.LongBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0).toNumber(true) : message.sentAtMs;
            if (message.tlsVersion != null && $Object.hasOwnProperty.call(message, "tlsVersion"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.tlsVersion = typeof message.tlsVersion === "number" ? $BigInt(message.tlsVersion) : $util.Long.fromBits(message.tlsVersion.low >>> 0, message.tlsVersion.high >>> 0, true).toBigInt();
                else if (typeof message.tlsVersion === "number")
                    object.tlsVersion = options.longs === $String ? $String(message.tlsVersion) : message.tlsVersion;
                else
                    object.tlsVersion = options.longs === $String ? $util.Long.prototype.toString.call(message.tlsVersion) : options.longs === $Number ? new $util.LongBits(message.tlsVersion.low >>> 0, message.tlsVersion.high >>> 0).toNumber(true) : message.tlsVersion;
            if (message.admitted && message.admitted.length) {
                object.admitted = $Array(message.admitted.length);
                for (let j = 0; j < message.admitted.length; ++j)
                    object.admitted[j] = message.admitted[j];
            }
            if (message.trust != null && $Object.hasOwnProperty.call(message, "trust"))
                object.trust = message.trust;
            if (message.revoked && message.revoked.length) {
                object.revoked = $Array(message.revoked.length);
                for (let j = 0; j < message.revoked.length; ++j)
                    object.revoked[j] = message.revoked[j];
            }
            let keys2;
            if (message.stackHashes && (keys2 = $Object.keys(message.stackHashes)).length) {
                object.stackHashes = {};
                for (let j = 0; j < keys2.length; ++j) {
                    if (keys2[j] === "__proto__")
                        $util.makeProp(object.stackHashes, keys2[j]);
                    object.stackHashes[keys2[j]] = message.stackHashes[keys2[j]];
                }
            }
            return object;
        };

        /**
         * Converts this AppDirectory to JSON.
         * @function toJSON
         * @memberof shoal.AppDirectory
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        AppDirectory.prototype.toJSON = function() {
            return AppDirectory.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for AppDirectory
         * @function getTypeUrl
         * @memberof shoal.AppDirectory
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        AppDirectory.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.AppDirectory";
        };

        return AppDirectory;
    })();

    shoal.WakeRequest = (function() {

        /**
         * Properties of a WakeRequest.
         * @typedef {Object} shoal.WakeRequest.$Properties
         * @property {string|null} [app] WakeRequest app
         * @property {string|null} [processType] WakeRequest processType
         * @property {number|null} [queued] WakeRequest queued
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a WakeRequest.
         * @memberof shoal
         * @interface IWakeRequest
         * @augments shoal.WakeRequest.$Properties
         * @deprecated Use shoal.WakeRequest.$Properties instead.
         */

        /**
         * Shape of a WakeRequest.
         * @typedef {shoal.WakeRequest.$Properties} shoal.WakeRequest.$Shape
         */

        /**
         * Constructs a new WakeRequest.
         * @memberof shoal
         * @classdesc Represents a WakeRequest.
         * @constructor
         * @param {shoal.WakeRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const WakeRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * WakeRequest app.
         * @member {string} app
         * @memberof shoal.WakeRequest
         * @instance
         */
        WakeRequest.prototype.app = "";

        /**
         * WakeRequest processType.
         * @member {string} processType
         * @memberof shoal.WakeRequest
         * @instance
         */
        WakeRequest.prototype.processType = "";

        /**
         * WakeRequest queued.
         * @member {number} queued
         * @memberof shoal.WakeRequest
         * @instance
         */
        WakeRequest.prototype.queued = 0;

        /**
         * Creates a new WakeRequest instance using the specified properties.
         * @function create
         * @memberof shoal.WakeRequest
         * @static
         * @param {shoal.WakeRequest.$Properties=} [properties] Properties to set
         * @returns {shoal.WakeRequest} WakeRequest instance
         * @type {{
         *   (properties: shoal.WakeRequest.$Shape): shoal.WakeRequest & shoal.WakeRequest.$Shape;
         *   (properties?: shoal.WakeRequest.$Properties): shoal.WakeRequest;
         * }}
         */
        WakeRequest.create = function(properties) {
            return new WakeRequest(properties);
        };

        /**
         * Encodes the specified WakeRequest message. Does not implicitly {@link shoal.WakeRequest.verify|verify} messages.
         * @function encode
         * @memberof shoal.WakeRequest
         * @static
         * @param {shoal.WakeRequest.$Properties} message WakeRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        WakeRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.app != null && $Object.hasOwnProperty.call(message, "app") && message.app !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.app);
            if (message.processType != null && $Object.hasOwnProperty.call(message, "processType") && message.processType !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.processType);
            if (message.queued != null && $Object.hasOwnProperty.call(message, "queued") && message.queued !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.queued);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a WakeRequest message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.WakeRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.WakeRequest & shoal.WakeRequest.$Shape} WakeRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        WakeRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.WakeRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.app = value;
                        else
                            delete message.app;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.processType = value;
                        else
                            delete message.processType;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.queued = value;
                        else
                            delete message.queued;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a WakeRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.WakeRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.WakeRequest} WakeRequest
         */
        WakeRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.WakeRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.WakeRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.WakeRequest();
            if (object.app != null)
                if (typeof object.app !== "string" || object.app.length)
                    message.app = $String(object.app);
            if (object.processType != null)
                if (typeof object.processType !== "string" || object.processType.length)
                    message.processType = $String(object.processType);
            if (object.queued != null)
                if ($Number(object.queued) !== 0)
                    message.queued = object.queued >>> 0;
            return message;
        };

        /**
         * Creates a plain object from a WakeRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.WakeRequest
         * @static
         * @param {shoal.WakeRequest} message WakeRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        WakeRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.app = "";
                object.processType = "";
                object.queued = 0;
            }
            if (message.app != null && $Object.hasOwnProperty.call(message, "app"))
                object.app = message.app;
            if (message.processType != null && $Object.hasOwnProperty.call(message, "processType"))
                object.processType = message.processType;
            if (message.queued != null && $Object.hasOwnProperty.call(message, "queued"))
                object.queued = message.queued;
            return object;
        };

        /**
         * Converts this WakeRequest to JSON.
         * @function toJSON
         * @memberof shoal.WakeRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        WakeRequest.prototype.toJSON = function() {
            return WakeRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for WakeRequest
         * @function getTypeUrl
         * @memberof shoal.WakeRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        WakeRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.WakeRequest";
        };

        return WakeRequest;
    })();

    shoal.Certificate = (function() {

        /**
         * Properties of a Certificate.
         * @typedef {Object} shoal.Certificate.$Properties
         * @property {string|null} [id] Certificate id
         * @property {string|null} [app] Certificate app
         * @property {Array.<string>|null} [domains] Certificate domains
         * @property {string|null} [certPem] Certificate certPem
         * @property {string|null} [keyPem] Certificate keyPem
         * @property {number|null} [notAfterMs] Certificate notAfterMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Certificate.
         * @memberof shoal
         * @interface ICertificate
         * @augments shoal.Certificate.$Properties
         * @deprecated Use shoal.Certificate.$Properties instead.
         */

        /**
         * Shape of a Certificate.
         * @typedef {shoal.Certificate.$Properties} shoal.Certificate.$Shape
         */

        /**
         * Constructs a new Certificate.
         * @memberof shoal
         * @classdesc Represents a Certificate.
         * @constructor
         * @param {shoal.Certificate.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Certificate = function (properties) {
            this.domains = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Certificate id.
         * @member {string} id
         * @memberof shoal.Certificate
         * @instance
         */
        Certificate.prototype.id = "";

        /**
         * Certificate app.
         * @member {string} app
         * @memberof shoal.Certificate
         * @instance
         */
        Certificate.prototype.app = "";

        /**
         * Certificate domains.
         * @member {Array.<string>} domains
         * @memberof shoal.Certificate
         * @instance
         */
        Certificate.prototype.domains = $util.emptyArray;

        /**
         * Certificate certPem.
         * @member {string} certPem
         * @memberof shoal.Certificate
         * @instance
         */
        Certificate.prototype.certPem = "";

        /**
         * Certificate keyPem.
         * @member {string} keyPem
         * @memberof shoal.Certificate
         * @instance
         */
        Certificate.prototype.keyPem = "";

        /**
         * Certificate notAfterMs.
         * @member {number} notAfterMs
         * @memberof shoal.Certificate
         * @instance
         */
        Certificate.prototype.notAfterMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new Certificate instance using the specified properties.
         * @function create
         * @memberof shoal.Certificate
         * @static
         * @param {shoal.Certificate.$Properties=} [properties] Properties to set
         * @returns {shoal.Certificate} Certificate instance
         * @type {{
         *   (properties: shoal.Certificate.$Shape): shoal.Certificate & shoal.Certificate.$Shape;
         *   (properties?: shoal.Certificate.$Properties): shoal.Certificate;
         * }}
         */
        Certificate.create = function(properties) {
            return new Certificate(properties);
        };

        /**
         * Encodes the specified Certificate message. Does not implicitly {@link shoal.Certificate.verify|verify} messages.
         * @function encode
         * @memberof shoal.Certificate
         * @static
         * @param {shoal.Certificate.$Properties} message Certificate message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Certificate.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.id);
            if (message.app != null && $Object.hasOwnProperty.call(message, "app") && message.app !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.app);
            if (message.domains != null && message.domains.length)
                for (let i = 0; i < message.domains.length; ++i)
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.domains[i]);
            if (message.certPem != null && $Object.hasOwnProperty.call(message, "certPem") && message.certPem !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.certPem);
            if (message.keyPem != null && $Object.hasOwnProperty.call(message, "keyPem") && message.keyPem !== "")
                writer.uint32(/* id 5, wireType 2 =*/42).string(message.keyPem);
            if (message.notAfterMs != null && $Object.hasOwnProperty.call(message, "notAfterMs") && (typeof message.notAfterMs === "object" ? message.notAfterMs.low || message.notAfterMs.high : message.notAfterMs !== 0))
                writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.notAfterMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Certificate message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.Certificate
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.Certificate & shoal.Certificate.$Shape} Certificate
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Certificate.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.Certificate();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.id = value;
                        else
                            delete message.id;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.app = value;
                        else
                            delete message.app;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.domains && message.domains.length))
                            message.domains = [];
                        message.domains.push(reader.stringVerify());
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.certPem = value;
                        else
                            delete message.certPem;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.keyPem = value;
                        else
                            delete message.keyPem;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.notAfterMs = value;
                        else
                            delete message.notAfterMs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a Certificate message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.Certificate
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.Certificate} Certificate
         */
        Certificate.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.Certificate)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.Certificate: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.Certificate();
            if (object.id != null)
                if (typeof object.id !== "string" || object.id.length)
                    message.id = $String(object.id);
            if (object.app != null)
                if (typeof object.app !== "string" || object.app.length)
                    message.app = $String(object.app);
            if (object.domains) {
                if (!$Array.isArray(object.domains))
                    throw $TypeError(".shoal.Certificate.domains: array expected");
                message.domains = $Array(object.domains.length);
                for (let i = 0; i < object.domains.length; ++i)
                    message.domains[i] = $String(object.domains[i]);
            }
            if (object.certPem != null)
                if (typeof object.certPem !== "string" || object.certPem.length)
                    message.certPem = $String(object.certPem);
            if (object.keyPem != null)
                if (typeof object.keyPem !== "string" || object.keyPem.length)
                    message.keyPem = $String(object.keyPem);
            if (object.notAfterMs != null)
                if (typeof object.notAfterMs === "object" ? object.notAfterMs.low || object.notAfterMs.high : $Number(object.notAfterMs) !== 0)
                    if ($util.Long)
                        message.notAfterMs = $util.Long.fromValue(object.notAfterMs, true);
                    else if (typeof object.notAfterMs === "string")
                        message.notAfterMs = $parseInt(object.notAfterMs, 10);
                    else if (typeof object.notAfterMs === "number")
                        message.notAfterMs = object.notAfterMs;
                    else if (typeof object.notAfterMs === "object")
                        message.notAfterMs = new $util.LongBits(object.notAfterMs.low >>> 0, object.notAfterMs.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a Certificate message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.Certificate
         * @static
         * @param {shoal.Certificate} message Certificate
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Certificate.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.domains = [];
            if (options.defaults) {
                object.id = "";
                object.app = "";
                object.certPem = "";
                object.keyPem = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.notAfterMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.notAfterMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                object.id = message.id;
            if (message.app != null && $Object.hasOwnProperty.call(message, "app"))
                object.app = message.app;
            if (message.domains && message.domains.length) {
                object.domains = $Array(message.domains.length);
                for (let j = 0; j < message.domains.length; ++j)
                    object.domains[j] = message.domains[j];
            }
            if (message.certPem != null && $Object.hasOwnProperty.call(message, "certPem"))
                object.certPem = message.certPem;
            if (message.keyPem != null && $Object.hasOwnProperty.call(message, "keyPem"))
                object.keyPem = message.keyPem;
            if (message.notAfterMs != null && $Object.hasOwnProperty.call(message, "notAfterMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.notAfterMs = typeof message.notAfterMs === "number" ? $BigInt(message.notAfterMs) : $util.Long.fromBits(message.notAfterMs.low >>> 0, message.notAfterMs.high >>> 0, true).toBigInt();
                else if (typeof message.notAfterMs === "number")
                    object.notAfterMs = options.longs === $String ? $String(message.notAfterMs) : message.notAfterMs;
                else
                    object.notAfterMs = options.longs === $String ? $util.Long.prototype.toString.call(message.notAfterMs) : options.longs === $Number ? new $util.LongBits(message.notAfterMs.low >>> 0, message.notAfterMs.high >>> 0).toNumber(true) : message.notAfterMs;
            return object;
        };

        /**
         * Converts this Certificate to JSON.
         * @function toJSON
         * @memberof shoal.Certificate
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Certificate.prototype.toJSON = function() {
            return Certificate.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for Certificate
         * @function getTypeUrl
         * @memberof shoal.Certificate
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Certificate.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.Certificate";
        };

        return Certificate;
    })();

    shoal.AcmeChallenge = (function() {

        /**
         * Properties of an AcmeChallenge.
         * @typedef {Object} shoal.AcmeChallenge.$Properties
         * @property {string|null} [token] AcmeChallenge token
         * @property {string|null} [keyAuthorization] AcmeChallenge keyAuthorization
         * @property {string|null} [domain] AcmeChallenge domain
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AcmeChallenge.
         * @memberof shoal
         * @interface IAcmeChallenge
         * @augments shoal.AcmeChallenge.$Properties
         * @deprecated Use shoal.AcmeChallenge.$Properties instead.
         */

        /**
         * Shape of an AcmeChallenge.
         * @typedef {shoal.AcmeChallenge.$Properties} shoal.AcmeChallenge.$Shape
         */

        /**
         * Constructs a new AcmeChallenge.
         * @memberof shoal
         * @classdesc Represents an AcmeChallenge.
         * @constructor
         * @param {shoal.AcmeChallenge.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AcmeChallenge = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AcmeChallenge token.
         * @member {string} token
         * @memberof shoal.AcmeChallenge
         * @instance
         */
        AcmeChallenge.prototype.token = "";

        /**
         * AcmeChallenge keyAuthorization.
         * @member {string} keyAuthorization
         * @memberof shoal.AcmeChallenge
         * @instance
         */
        AcmeChallenge.prototype.keyAuthorization = "";

        /**
         * AcmeChallenge domain.
         * @member {string} domain
         * @memberof shoal.AcmeChallenge
         * @instance
         */
        AcmeChallenge.prototype.domain = "";

        /**
         * Creates a new AcmeChallenge instance using the specified properties.
         * @function create
         * @memberof shoal.AcmeChallenge
         * @static
         * @param {shoal.AcmeChallenge.$Properties=} [properties] Properties to set
         * @returns {shoal.AcmeChallenge} AcmeChallenge instance
         * @type {{
         *   (properties: shoal.AcmeChallenge.$Shape): shoal.AcmeChallenge & shoal.AcmeChallenge.$Shape;
         *   (properties?: shoal.AcmeChallenge.$Properties): shoal.AcmeChallenge;
         * }}
         */
        AcmeChallenge.create = function(properties) {
            return new AcmeChallenge(properties);
        };

        /**
         * Encodes the specified AcmeChallenge message. Does not implicitly {@link shoal.AcmeChallenge.verify|verify} messages.
         * @function encode
         * @memberof shoal.AcmeChallenge
         * @static
         * @param {shoal.AcmeChallenge.$Properties} message AcmeChallenge message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AcmeChallenge.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.token != null && $Object.hasOwnProperty.call(message, "token") && message.token !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.token);
            if (message.keyAuthorization != null && $Object.hasOwnProperty.call(message, "keyAuthorization") && message.keyAuthorization !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.keyAuthorization);
            if (message.domain != null && $Object.hasOwnProperty.call(message, "domain") && message.domain !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.domain);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AcmeChallenge message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.AcmeChallenge
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.AcmeChallenge & shoal.AcmeChallenge.$Shape} AcmeChallenge
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AcmeChallenge.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.AcmeChallenge();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.token = value;
                        else
                            delete message.token;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.keyAuthorization = value;
                        else
                            delete message.keyAuthorization;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.domain = value;
                        else
                            delete message.domain;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates an AcmeChallenge message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.AcmeChallenge
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.AcmeChallenge} AcmeChallenge
         */
        AcmeChallenge.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.AcmeChallenge)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.AcmeChallenge: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.AcmeChallenge();
            if (object.token != null)
                if (typeof object.token !== "string" || object.token.length)
                    message.token = $String(object.token);
            if (object.keyAuthorization != null)
                if (typeof object.keyAuthorization !== "string" || object.keyAuthorization.length)
                    message.keyAuthorization = $String(object.keyAuthorization);
            if (object.domain != null)
                if (typeof object.domain !== "string" || object.domain.length)
                    message.domain = $String(object.domain);
            return message;
        };

        /**
         * Creates a plain object from an AcmeChallenge message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.AcmeChallenge
         * @static
         * @param {shoal.AcmeChallenge} message AcmeChallenge
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        AcmeChallenge.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.token = "";
                object.keyAuthorization = "";
                object.domain = "";
            }
            if (message.token != null && $Object.hasOwnProperty.call(message, "token"))
                object.token = message.token;
            if (message.keyAuthorization != null && $Object.hasOwnProperty.call(message, "keyAuthorization"))
                object.keyAuthorization = message.keyAuthorization;
            if (message.domain != null && $Object.hasOwnProperty.call(message, "domain"))
                object.domain = message.domain;
            return object;
        };

        /**
         * Converts this AcmeChallenge to JSON.
         * @function toJSON
         * @memberof shoal.AcmeChallenge
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        AcmeChallenge.prototype.toJSON = function() {
            return AcmeChallenge.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for AcmeChallenge
         * @function getTypeUrl
         * @memberof shoal.AcmeChallenge
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        AcmeChallenge.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.AcmeChallenge";
        };

        return AcmeChallenge;
    })();

    shoal.TlsStateRequest = (function() {

        /**
         * Properties of a TlsStateRequest.
         * @typedef {Object} shoal.TlsStateRequest.$Properties
         * @property {number|null} [haveVersion] TlsStateRequest haveVersion
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a TlsStateRequest.
         * @memberof shoal
         * @interface ITlsStateRequest
         * @augments shoal.TlsStateRequest.$Properties
         * @deprecated Use shoal.TlsStateRequest.$Properties instead.
         */

        /**
         * Shape of a TlsStateRequest.
         * @typedef {shoal.TlsStateRequest.$Properties} shoal.TlsStateRequest.$Shape
         */

        /**
         * Constructs a new TlsStateRequest.
         * @memberof shoal
         * @classdesc Represents a TlsStateRequest.
         * @constructor
         * @param {shoal.TlsStateRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const TlsStateRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * TlsStateRequest haveVersion.
         * @member {number} haveVersion
         * @memberof shoal.TlsStateRequest
         * @instance
         */
        TlsStateRequest.prototype.haveVersion = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new TlsStateRequest instance using the specified properties.
         * @function create
         * @memberof shoal.TlsStateRequest
         * @static
         * @param {shoal.TlsStateRequest.$Properties=} [properties] Properties to set
         * @returns {shoal.TlsStateRequest} TlsStateRequest instance
         * @type {{
         *   (properties: shoal.TlsStateRequest.$Shape): shoal.TlsStateRequest & shoal.TlsStateRequest.$Shape;
         *   (properties?: shoal.TlsStateRequest.$Properties): shoal.TlsStateRequest;
         * }}
         */
        TlsStateRequest.create = function(properties) {
            return new TlsStateRequest(properties);
        };

        /**
         * Encodes the specified TlsStateRequest message. Does not implicitly {@link shoal.TlsStateRequest.verify|verify} messages.
         * @function encode
         * @memberof shoal.TlsStateRequest
         * @static
         * @param {shoal.TlsStateRequest.$Properties} message TlsStateRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        TlsStateRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.haveVersion != null && $Object.hasOwnProperty.call(message, "haveVersion") && (typeof message.haveVersion === "object" ? message.haveVersion.low || message.haveVersion.high : message.haveVersion !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.haveVersion);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a TlsStateRequest message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.TlsStateRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.TlsStateRequest & shoal.TlsStateRequest.$Shape} TlsStateRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        TlsStateRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.TlsStateRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.haveVersion = value;
                        else
                            delete message.haveVersion;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a TlsStateRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.TlsStateRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.TlsStateRequest} TlsStateRequest
         */
        TlsStateRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.TlsStateRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.TlsStateRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.TlsStateRequest();
            if (object.haveVersion != null)
                if (typeof object.haveVersion === "object" ? object.haveVersion.low || object.haveVersion.high : $Number(object.haveVersion) !== 0)
                    if ($util.Long)
                        message.haveVersion = $util.Long.fromValue(object.haveVersion, true);
                    else if (typeof object.haveVersion === "string")
                        message.haveVersion = $parseInt(object.haveVersion, 10);
                    else if (typeof object.haveVersion === "number")
                        message.haveVersion = object.haveVersion;
                    else if (typeof object.haveVersion === "object")
                        message.haveVersion = new $util.LongBits(object.haveVersion.low >>> 0, object.haveVersion.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a TlsStateRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.TlsStateRequest
         * @static
         * @param {shoal.TlsStateRequest} message TlsStateRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        TlsStateRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults)
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.haveVersion = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.haveVersion = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            if (message.haveVersion != null && $Object.hasOwnProperty.call(message, "haveVersion"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.haveVersion = typeof message.haveVersion === "number" ? $BigInt(message.haveVersion) : $util.Long.fromBits(message.haveVersion.low >>> 0, message.haveVersion.high >>> 0, true).toBigInt();
                else if (typeof message.haveVersion === "number")
                    object.haveVersion = options.longs === $String ? $String(message.haveVersion) : message.haveVersion;
                else
                    object.haveVersion = options.longs === $String ? $util.Long.prototype.toString.call(message.haveVersion) : options.longs === $Number ? new $util.LongBits(message.haveVersion.low >>> 0, message.haveVersion.high >>> 0).toNumber(true) : message.haveVersion;
            return object;
        };

        /**
         * Converts this TlsStateRequest to JSON.
         * @function toJSON
         * @memberof shoal.TlsStateRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        TlsStateRequest.prototype.toJSON = function() {
            return TlsStateRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for TlsStateRequest
         * @function getTypeUrl
         * @memberof shoal.TlsStateRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        TlsStateRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.TlsStateRequest";
        };

        return TlsStateRequest;
    })();

    shoal.TlsState = (function() {

        /**
         * Properties of a TlsState.
         * @typedef {Object} shoal.TlsState.$Properties
         * @property {number|null} [version] TlsState version
         * @property {Array.<shoal.Certificate.$Properties>|null} [certificates] TlsState certificates
         * @property {Array.<shoal.AcmeChallenge.$Properties>|null} [challenges] TlsState challenges
         * @property {number|null} [epoch] TlsState epoch
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a TlsState.
         * @memberof shoal
         * @interface ITlsState
         * @augments shoal.TlsState.$Properties
         * @deprecated Use shoal.TlsState.$Properties instead.
         */

        /**
         * Shape of a TlsState.
         * @typedef {shoal.TlsState.$Properties} shoal.TlsState.$Shape
         */

        /**
         * Constructs a new TlsState.
         * @memberof shoal
         * @classdesc Represents a TlsState.
         * @constructor
         * @param {shoal.TlsState.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const TlsState = function (properties) {
            this.certificates = [];
            this.challenges = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * TlsState version.
         * @member {number} version
         * @memberof shoal.TlsState
         * @instance
         */
        TlsState.prototype.version = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * TlsState certificates.
         * @member {Array.<shoal.Certificate.$Properties>} certificates
         * @memberof shoal.TlsState
         * @instance
         */
        TlsState.prototype.certificates = $util.emptyArray;

        /**
         * TlsState challenges.
         * @member {Array.<shoal.AcmeChallenge.$Properties>} challenges
         * @memberof shoal.TlsState
         * @instance
         */
        TlsState.prototype.challenges = $util.emptyArray;

        /**
         * TlsState epoch.
         * @member {number} epoch
         * @memberof shoal.TlsState
         * @instance
         */
        TlsState.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new TlsState instance using the specified properties.
         * @function create
         * @memberof shoal.TlsState
         * @static
         * @param {shoal.TlsState.$Properties=} [properties] Properties to set
         * @returns {shoal.TlsState} TlsState instance
         * @type {{
         *   (properties: shoal.TlsState.$Shape): shoal.TlsState & shoal.TlsState.$Shape;
         *   (properties?: shoal.TlsState.$Properties): shoal.TlsState;
         * }}
         */
        TlsState.create = function(properties) {
            return new TlsState(properties);
        };

        /**
         * Encodes the specified TlsState message. Does not implicitly {@link shoal.TlsState.verify|verify} messages.
         * @function encode
         * @memberof shoal.TlsState
         * @static
         * @param {shoal.TlsState.$Properties} message TlsState message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        TlsState.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.version != null && $Object.hasOwnProperty.call(message, "version") && (typeof message.version === "object" ? message.version.low || message.version.high : message.version !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.version);
            if (message.certificates != null && message.certificates.length)
                for (let i = 0; i < message.certificates.length; ++i)
                    $root.shoal.Certificate.encode(message.certificates[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.challenges != null && message.challenges.length)
                for (let i = 0; i < message.challenges.length; ++i)
                    $root.shoal.AcmeChallenge.encode(message.challenges[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.epoch);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a TlsState message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.TlsState
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.TlsState & shoal.TlsState.$Shape} TlsState
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        TlsState.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.TlsState();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.version = value;
                        else
                            delete message.version;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.certificates && message.certificates.length))
                            message.certificates = [];
                        message.certificates.push($root.shoal.Certificate.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.challenges && message.challenges.length))
                            message.challenges = [];
                        message.challenges.push($root.shoal.AcmeChallenge.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a TlsState message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.TlsState
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.TlsState} TlsState
         */
        TlsState.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.TlsState)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.TlsState: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.TlsState();
            if (object.version != null)
                if (typeof object.version === "object" ? object.version.low || object.version.high : $Number(object.version) !== 0)
                    if ($util.Long)
                        message.version = $util.Long.fromValue(object.version, true);
                    else if (typeof object.version === "string")
                        message.version = $parseInt(object.version, 10);
                    else if (typeof object.version === "number")
                        message.version = object.version;
                    else if (typeof object.version === "object")
                        message.version = new $util.LongBits(object.version.low >>> 0, object.version.high >>> 0).toNumber(true);
            if (object.certificates) {
                if (!$Array.isArray(object.certificates))
                    throw $TypeError(".shoal.TlsState.certificates: array expected");
                message.certificates = $Array(object.certificates.length);
                for (let i = 0; i < object.certificates.length; ++i) {
                    if (!$util.isObject(object.certificates[i]))
                        throw $TypeError(".shoal.TlsState.certificates: object expected");
                    message.certificates[i] = $root.shoal.Certificate.fromObject(object.certificates[i], _depth + 1);
                }
            }
            if (object.challenges) {
                if (!$Array.isArray(object.challenges))
                    throw $TypeError(".shoal.TlsState.challenges: array expected");
                message.challenges = $Array(object.challenges.length);
                for (let i = 0; i < object.challenges.length; ++i) {
                    if (!$util.isObject(object.challenges[i]))
                        throw $TypeError(".shoal.TlsState.challenges: object expected");
                    message.challenges[i] = $root.shoal.AcmeChallenge.fromObject(object.challenges[i], _depth + 1);
                }
            }
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a TlsState message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.TlsState
         * @static
         * @param {shoal.TlsState} message TlsState
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        TlsState.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.certificates = [];
                object.challenges = [];
            }
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.version = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.version = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.version = typeof message.version === "number" ? $BigInt(message.version) : $util.Long.fromBits(message.version.low >>> 0, message.version.high >>> 0, true).toBigInt();
                else if (typeof message.version === "number")
                    object.version = options.longs === $String ? $String(message.version) : message.version;
                else
                    object.version = options.longs === $String ? $util.Long.prototype.toString.call(message.version) : options.longs === $Number ? new $util.LongBits(message.version.low >>> 0, message.version.high >>> 0).toNumber(true) : message.version;
            if (message.certificates && message.certificates.length) {
                object.certificates = $Array(message.certificates.length);
                for (let j = 0; j < message.certificates.length; ++j)
                    object.certificates[j] = $root.shoal.Certificate.toObject(message.certificates[j], options, _depth + 1);
            }
            if (message.challenges && message.challenges.length) {
                object.challenges = $Array(message.challenges.length);
                for (let j = 0; j < message.challenges.length; ++j)
                    object.challenges[j] = $root.shoal.AcmeChallenge.toObject(message.challenges[j], options, _depth + 1);
            }
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            return object;
        };

        /**
         * Converts this TlsState to JSON.
         * @function toJSON
         * @memberof shoal.TlsState
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        TlsState.prototype.toJSON = function() {
            return TlsState.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for TlsState
         * @function getTypeUrl
         * @memberof shoal.TlsState
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        TlsState.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.TlsState";
        };

        return TlsState;
    })();

    shoal.StackRequest = (function() {

        /**
         * Properties of a StackRequest.
         * @typedef {Object} shoal.StackRequest.$Properties
         * @property {string|null} [version] StackRequest version
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a StackRequest.
         * @memberof shoal
         * @interface IStackRequest
         * @augments shoal.StackRequest.$Properties
         * @deprecated Use shoal.StackRequest.$Properties instead.
         */

        /**
         * Shape of a StackRequest.
         * @typedef {shoal.StackRequest.$Properties} shoal.StackRequest.$Shape
         */

        /**
         * Constructs a new StackRequest.
         * @memberof shoal
         * @classdesc Represents a StackRequest.
         * @constructor
         * @param {shoal.StackRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const StackRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * StackRequest version.
         * @member {string} version
         * @memberof shoal.StackRequest
         * @instance
         */
        StackRequest.prototype.version = "";

        /**
         * Creates a new StackRequest instance using the specified properties.
         * @function create
         * @memberof shoal.StackRequest
         * @static
         * @param {shoal.StackRequest.$Properties=} [properties] Properties to set
         * @returns {shoal.StackRequest} StackRequest instance
         * @type {{
         *   (properties: shoal.StackRequest.$Shape): shoal.StackRequest & shoal.StackRequest.$Shape;
         *   (properties?: shoal.StackRequest.$Properties): shoal.StackRequest;
         * }}
         */
        StackRequest.create = function(properties) {
            return new StackRequest(properties);
        };

        /**
         * Encodes the specified StackRequest message. Does not implicitly {@link shoal.StackRequest.verify|verify} messages.
         * @function encode
         * @memberof shoal.StackRequest
         * @static
         * @param {shoal.StackRequest.$Properties} message StackRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        StackRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.version);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a StackRequest message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.StackRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.StackRequest & shoal.StackRequest.$Shape} StackRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        StackRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.StackRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.version = value;
                        else
                            delete message.version;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a StackRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.StackRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.StackRequest} StackRequest
         */
        StackRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.StackRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.StackRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.StackRequest();
            if (object.version != null)
                if (typeof object.version !== "string" || object.version.length)
                    message.version = $String(object.version);
            return message;
        };

        /**
         * Creates a plain object from a StackRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.StackRequest
         * @static
         * @param {shoal.StackRequest} message StackRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        StackRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults)
                object.version = "";
            if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                object.version = message.version;
            return object;
        };

        /**
         * Converts this StackRequest to JSON.
         * @function toJSON
         * @memberof shoal.StackRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        StackRequest.prototype.toJSON = function() {
            return StackRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for StackRequest
         * @function getTypeUrl
         * @memberof shoal.StackRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        StackRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.StackRequest";
        };

        return StackRequest;
    })();

    shoal.StackHeader = (function() {

        /**
         * Properties of a StackHeader.
         * @typedef {Object} shoal.StackHeader.$Properties
         * @property {boolean|null} [found] StackHeader found
         * @property {string|null} [sha256] StackHeader sha256
         * @property {number|null} [size] StackHeader size
         * @property {string|null} [code] StackHeader code
         * @property {string|null} [message] StackHeader message
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a StackHeader.
         * @memberof shoal
         * @interface IStackHeader
         * @augments shoal.StackHeader.$Properties
         * @deprecated Use shoal.StackHeader.$Properties instead.
         */

        /**
         * Shape of a StackHeader.
         * @typedef {shoal.StackHeader.$Properties} shoal.StackHeader.$Shape
         */

        /**
         * Constructs a new StackHeader.
         * @memberof shoal
         * @classdesc Represents a StackHeader.
         * @constructor
         * @param {shoal.StackHeader.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const StackHeader = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * StackHeader found.
         * @member {boolean} found
         * @memberof shoal.StackHeader
         * @instance
         */
        StackHeader.prototype.found = false;

        /**
         * StackHeader sha256.
         * @member {string} sha256
         * @memberof shoal.StackHeader
         * @instance
         */
        StackHeader.prototype.sha256 = "";

        /**
         * StackHeader size.
         * @member {number} size
         * @memberof shoal.StackHeader
         * @instance
         */
        StackHeader.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * StackHeader code.
         * @member {string} code
         * @memberof shoal.StackHeader
         * @instance
         */
        StackHeader.prototype.code = "";

        /**
         * StackHeader message.
         * @member {string} message
         * @memberof shoal.StackHeader
         * @instance
         */
        StackHeader.prototype.message = "";

        /**
         * Creates a new StackHeader instance using the specified properties.
         * @function create
         * @memberof shoal.StackHeader
         * @static
         * @param {shoal.StackHeader.$Properties=} [properties] Properties to set
         * @returns {shoal.StackHeader} StackHeader instance
         * @type {{
         *   (properties: shoal.StackHeader.$Shape): shoal.StackHeader & shoal.StackHeader.$Shape;
         *   (properties?: shoal.StackHeader.$Properties): shoal.StackHeader;
         * }}
         */
        StackHeader.create = function(properties) {
            return new StackHeader(properties);
        };

        /**
         * Encodes the specified StackHeader message. Does not implicitly {@link shoal.StackHeader.verify|verify} messages.
         * @function encode
         * @memberof shoal.StackHeader
         * @static
         * @param {shoal.StackHeader.$Properties} message StackHeader message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        StackHeader.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.found != null && $Object.hasOwnProperty.call(message, "found") && message.found !== false)
                writer.uint32(/* id 1, wireType 0 =*/8).bool(message.found);
            if (message.sha256 != null && $Object.hasOwnProperty.call(message, "sha256") && message.sha256 !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.sha256);
            if (message.size != null && $Object.hasOwnProperty.call(message, "size") && (typeof message.size === "object" ? message.size.low || message.size.high : message.size !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.size);
            if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.code);
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 5, wireType 2 =*/42).string(message.message);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a StackHeader message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.StackHeader
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.StackHeader & shoal.StackHeader.$Shape} StackHeader
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        StackHeader.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.StackHeader();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.found = value;
                        else
                            delete message.found;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.sha256 = value;
                        else
                            delete message.sha256;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.size = value;
                        else
                            delete message.size;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.code = value;
                        else
                            delete message.code;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a StackHeader message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.StackHeader
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.StackHeader} StackHeader
         */
        StackHeader.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.StackHeader)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.StackHeader: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.StackHeader();
            if (object.found != null)
                if (object.found)
                    message.found = $Boolean(object.found);
            if (object.sha256 != null)
                if (typeof object.sha256 !== "string" || object.sha256.length)
                    message.sha256 = $String(object.sha256);
            if (object.size != null)
                if (typeof object.size === "object" ? object.size.low || object.size.high : $Number(object.size) !== 0)
                    if ($util.Long)
                        message.size = $util.Long.fromValue(object.size, true);
                    else if (typeof object.size === "string")
                        message.size = $parseInt(object.size, 10);
                    else if (typeof object.size === "number")
                        message.size = object.size;
                    else if (typeof object.size === "object")
                        message.size = new $util.LongBits(object.size.low >>> 0, object.size.high >>> 0).toNumber(true);
            if (object.code != null)
                if (typeof object.code !== "string" || object.code.length)
                    message.code = $String(object.code);
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            return message;
        };

        /**
         * Creates a plain object from a StackHeader message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.StackHeader
         * @static
         * @param {shoal.StackHeader} message StackHeader
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        StackHeader.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.found = false;
                object.sha256 = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.size = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.size = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.code = "";
                object.message = "";
            }
            if (message.found != null && $Object.hasOwnProperty.call(message, "found"))
                object.found = message.found;
            if (message.sha256 != null && $Object.hasOwnProperty.call(message, "sha256"))
                object.sha256 = message.sha256;
            if (message.size != null && $Object.hasOwnProperty.call(message, "size"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.size = typeof message.size === "number" ? $BigInt(message.size) : $util.Long.fromBits(message.size.low >>> 0, message.size.high >>> 0, true).toBigInt();
                else if (typeof message.size === "number")
                    object.size = options.longs === $String ? $String(message.size) : message.size;
                else
                    object.size = options.longs === $String ? $util.Long.prototype.toString.call(message.size) : options.longs === $Number ? new $util.LongBits(message.size.low >>> 0, message.size.high >>> 0).toNumber(true) : message.size;
            if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                object.code = message.code;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            return object;
        };

        /**
         * Converts this StackHeader to JSON.
         * @function toJSON
         * @memberof shoal.StackHeader
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        StackHeader.prototype.toJSON = function() {
            return StackHeader.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for StackHeader
         * @function getTypeUrl
         * @memberof shoal.StackHeader
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        StackHeader.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.StackHeader";
        };

        return StackHeader;
    })();

    shoal.AttachRequest = (function() {

        /**
         * Properties of an AttachRequest.
         * @typedef {Object} shoal.AttachRequest.$Properties
         * @property {string|null} [dynoId] AttachRequest dynoId
         * @property {number|null} [epoch] AttachRequest epoch
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AttachRequest.
         * @memberof shoal
         * @interface IAttachRequest
         * @augments shoal.AttachRequest.$Properties
         * @deprecated Use shoal.AttachRequest.$Properties instead.
         */

        /**
         * Shape of an AttachRequest.
         * @typedef {shoal.AttachRequest.$Properties} shoal.AttachRequest.$Shape
         */

        /**
         * Constructs a new AttachRequest.
         * @memberof shoal
         * @classdesc Represents an AttachRequest.
         * @constructor
         * @param {shoal.AttachRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AttachRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AttachRequest dynoId.
         * @member {string} dynoId
         * @memberof shoal.AttachRequest
         * @instance
         */
        AttachRequest.prototype.dynoId = "";

        /**
         * AttachRequest epoch.
         * @member {number} epoch
         * @memberof shoal.AttachRequest
         * @instance
         */
        AttachRequest.prototype.epoch = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new AttachRequest instance using the specified properties.
         * @function create
         * @memberof shoal.AttachRequest
         * @static
         * @param {shoal.AttachRequest.$Properties=} [properties] Properties to set
         * @returns {shoal.AttachRequest} AttachRequest instance
         * @type {{
         *   (properties: shoal.AttachRequest.$Shape): shoal.AttachRequest & shoal.AttachRequest.$Shape;
         *   (properties?: shoal.AttachRequest.$Properties): shoal.AttachRequest;
         * }}
         */
        AttachRequest.create = function(properties) {
            return new AttachRequest(properties);
        };

        /**
         * Encodes the specified AttachRequest message. Does not implicitly {@link shoal.AttachRequest.verify|verify} messages.
         * @function encode
         * @memberof shoal.AttachRequest
         * @static
         * @param {shoal.AttachRequest.$Properties} message AttachRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AttachRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.dynoId != null && $Object.hasOwnProperty.call(message, "dynoId") && message.dynoId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.dynoId);
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch") && (typeof message.epoch === "object" ? message.epoch.low || message.epoch.high : message.epoch !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.epoch);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AttachRequest message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.AttachRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.AttachRequest & shoal.AttachRequest.$Shape} AttachRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AttachRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.AttachRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.dynoId = value;
                        else
                            delete message.dynoId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.epoch = value;
                        else
                            delete message.epoch;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates an AttachRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.AttachRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.AttachRequest} AttachRequest
         */
        AttachRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.AttachRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.AttachRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.AttachRequest();
            if (object.dynoId != null)
                if (typeof object.dynoId !== "string" || object.dynoId.length)
                    message.dynoId = $String(object.dynoId);
            if (object.epoch != null)
                if (typeof object.epoch === "object" ? object.epoch.low || object.epoch.high : $Number(object.epoch) !== 0)
                    if ($util.Long)
                        message.epoch = $util.Long.fromValue(object.epoch, true);
                    else if (typeof object.epoch === "string")
                        message.epoch = $parseInt(object.epoch, 10);
                    else if (typeof object.epoch === "number")
                        message.epoch = object.epoch;
                    else if (typeof object.epoch === "object")
                        message.epoch = new $util.LongBits(object.epoch.low >>> 0, object.epoch.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from an AttachRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.AttachRequest
         * @static
         * @param {shoal.AttachRequest} message AttachRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        AttachRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.dynoId = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.epoch = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.epoch = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.dynoId != null && $Object.hasOwnProperty.call(message, "dynoId"))
                object.dynoId = message.dynoId;
            if (message.epoch != null && $Object.hasOwnProperty.call(message, "epoch"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.epoch = typeof message.epoch === "number" ? $BigInt(message.epoch) : $util.Long.fromBits(message.epoch.low >>> 0, message.epoch.high >>> 0, true).toBigInt();
                else if (typeof message.epoch === "number")
                    object.epoch = options.longs === $String ? $String(message.epoch) : message.epoch;
                else
                    object.epoch = options.longs === $String ? $util.Long.prototype.toString.call(message.epoch) : options.longs === $Number ? new $util.LongBits(message.epoch.low >>> 0, message.epoch.high >>> 0).toNumber(true) : message.epoch;
            return object;
        };

        /**
         * Converts this AttachRequest to JSON.
         * @function toJSON
         * @memberof shoal.AttachRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        AttachRequest.prototype.toJSON = function() {
            return AttachRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for AttachRequest
         * @function getTypeUrl
         * @memberof shoal.AttachRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        AttachRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.AttachRequest";
        };

        return AttachRequest;
    })();

    shoal.AttachInput = (function() {

        /**
         * Properties of an AttachInput.
         * @typedef {Object} shoal.AttachInput.$Properties
         * @property {Uint8Array|null} [stdin] AttachInput stdin
         * @property {boolean|null} [eof] AttachInput eof
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AttachInput.
         * @memberof shoal
         * @interface IAttachInput
         * @augments shoal.AttachInput.$Properties
         * @deprecated Use shoal.AttachInput.$Properties instead.
         */

        /**
         * Shape of an AttachInput.
         * @typedef {shoal.AttachInput.$Properties} shoal.AttachInput.$Shape
         */

        /**
         * Constructs a new AttachInput.
         * @memberof shoal
         * @classdesc Represents an AttachInput.
         * @constructor
         * @param {shoal.AttachInput.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AttachInput = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AttachInput stdin.
         * @member {Uint8Array} stdin
         * @memberof shoal.AttachInput
         * @instance
         */
        AttachInput.prototype.stdin = $util.newBuffer([]);

        /**
         * AttachInput eof.
         * @member {boolean} eof
         * @memberof shoal.AttachInput
         * @instance
         */
        AttachInput.prototype.eof = false;

        /**
         * Creates a new AttachInput instance using the specified properties.
         * @function create
         * @memberof shoal.AttachInput
         * @static
         * @param {shoal.AttachInput.$Properties=} [properties] Properties to set
         * @returns {shoal.AttachInput} AttachInput instance
         * @type {{
         *   (properties: shoal.AttachInput.$Shape): shoal.AttachInput & shoal.AttachInput.$Shape;
         *   (properties?: shoal.AttachInput.$Properties): shoal.AttachInput;
         * }}
         */
        AttachInput.create = function(properties) {
            return new AttachInput(properties);
        };

        /**
         * Encodes the specified AttachInput message. Does not implicitly {@link shoal.AttachInput.verify|verify} messages.
         * @function encode
         * @memberof shoal.AttachInput
         * @static
         * @param {shoal.AttachInput.$Properties} message AttachInput message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AttachInput.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.stdin != null && $Object.hasOwnProperty.call(message, "stdin") && message.stdin.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.stdin);
            if (message.eof != null && $Object.hasOwnProperty.call(message, "eof") && message.eof !== false)
                writer.uint32(/* id 2, wireType 0 =*/16).bool(message.eof);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AttachInput message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.AttachInput
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.AttachInput & shoal.AttachInput.$Shape} AttachInput
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AttachInput.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.AttachInput();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.stdin = value;
                        else
                            delete message.stdin;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.eof = value;
                        else
                            delete message.eof;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates an AttachInput message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.AttachInput
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.AttachInput} AttachInput
         */
        AttachInput.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.AttachInput)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.AttachInput: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.AttachInput();
            if (object.stdin != null)
                if (object.stdin.length)
                    if (typeof object.stdin === "string")
                        $util.base64.decode(object.stdin, message.stdin = $util.newBuffer($util.base64.length(object.stdin)), 0);
                    else if (object.stdin.length >= 0)
                        message.stdin = object.stdin;
            if (object.eof != null)
                if (object.eof)
                    message.eof = $Boolean(object.eof);
            return message;
        };

        /**
         * Creates a plain object from an AttachInput message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.AttachInput
         * @static
         * @param {shoal.AttachInput} message AttachInput
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        AttachInput.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if (options.bytes === $String)
                    object.stdin = "";
                else {
                    object.stdin = [];
                    if (options.bytes !== $Array)
                        object.stdin = $util.newBuffer(object.stdin);
                }
                object.eof = false;
            }
            if (message.stdin != null && $Object.hasOwnProperty.call(message, "stdin"))
                object.stdin = options.bytes === $String ? $util.base64.encode(message.stdin, 0, message.stdin.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.stdin) : message.stdin;
            if (message.eof != null && $Object.hasOwnProperty.call(message, "eof"))
                object.eof = message.eof;
            return object;
        };

        /**
         * Converts this AttachInput to JSON.
         * @function toJSON
         * @memberof shoal.AttachInput
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        AttachInput.prototype.toJSON = function() {
            return AttachInput.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for AttachInput
         * @function getTypeUrl
         * @memberof shoal.AttachInput
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        AttachInput.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.AttachInput";
        };

        return AttachInput;
    })();

    shoal.AttachOutput = (function() {

        /**
         * Properties of an AttachOutput.
         * @typedef {Object} shoal.AttachOutput.$Properties
         * @property {boolean|null} [attached] AttachOutput attached
         * @property {Uint8Array|null} [stdout] AttachOutput stdout
         * @property {Uint8Array|null} [stderr] AttachOutput stderr
         * @property {boolean|null} [exited] AttachOutput exited
         * @property {number|null} [exitCode] AttachOutput exitCode
         * @property {string|null} [code] AttachOutput code
         * @property {string|null} [message] AttachOutput message
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AttachOutput.
         * @memberof shoal
         * @interface IAttachOutput
         * @augments shoal.AttachOutput.$Properties
         * @deprecated Use shoal.AttachOutput.$Properties instead.
         */

        /**
         * Shape of an AttachOutput.
         * @typedef {shoal.AttachOutput.$Properties} shoal.AttachOutput.$Shape
         */

        /**
         * Constructs a new AttachOutput.
         * @memberof shoal
         * @classdesc Represents an AttachOutput.
         * @constructor
         * @param {shoal.AttachOutput.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AttachOutput = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AttachOutput attached.
         * @member {boolean} attached
         * @memberof shoal.AttachOutput
         * @instance
         */
        AttachOutput.prototype.attached = false;

        /**
         * AttachOutput stdout.
         * @member {Uint8Array} stdout
         * @memberof shoal.AttachOutput
         * @instance
         */
        AttachOutput.prototype.stdout = $util.newBuffer([]);

        /**
         * AttachOutput stderr.
         * @member {Uint8Array} stderr
         * @memberof shoal.AttachOutput
         * @instance
         */
        AttachOutput.prototype.stderr = $util.newBuffer([]);

        /**
         * AttachOutput exited.
         * @member {boolean} exited
         * @memberof shoal.AttachOutput
         * @instance
         */
        AttachOutput.prototype.exited = false;

        /**
         * AttachOutput exitCode.
         * @member {number} exitCode
         * @memberof shoal.AttachOutput
         * @instance
         */
        AttachOutput.prototype.exitCode = 0;

        /**
         * AttachOutput code.
         * @member {string} code
         * @memberof shoal.AttachOutput
         * @instance
         */
        AttachOutput.prototype.code = "";

        /**
         * AttachOutput message.
         * @member {string} message
         * @memberof shoal.AttachOutput
         * @instance
         */
        AttachOutput.prototype.message = "";

        /**
         * Creates a new AttachOutput instance using the specified properties.
         * @function create
         * @memberof shoal.AttachOutput
         * @static
         * @param {shoal.AttachOutput.$Properties=} [properties] Properties to set
         * @returns {shoal.AttachOutput} AttachOutput instance
         * @type {{
         *   (properties: shoal.AttachOutput.$Shape): shoal.AttachOutput & shoal.AttachOutput.$Shape;
         *   (properties?: shoal.AttachOutput.$Properties): shoal.AttachOutput;
         * }}
         */
        AttachOutput.create = function(properties) {
            return new AttachOutput(properties);
        };

        /**
         * Encodes the specified AttachOutput message. Does not implicitly {@link shoal.AttachOutput.verify|verify} messages.
         * @function encode
         * @memberof shoal.AttachOutput
         * @static
         * @param {shoal.AttachOutput.$Properties} message AttachOutput message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AttachOutput.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.attached != null && $Object.hasOwnProperty.call(message, "attached") && message.attached !== false)
                writer.uint32(/* id 1, wireType 0 =*/8).bool(message.attached);
            if (message.stdout != null && $Object.hasOwnProperty.call(message, "stdout") && message.stdout.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.stdout);
            if (message.stderr != null && $Object.hasOwnProperty.call(message, "stderr") && message.stderr.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.stderr);
            if (message.exited != null && $Object.hasOwnProperty.call(message, "exited") && message.exited !== false)
                writer.uint32(/* id 4, wireType 0 =*/32).bool(message.exited);
            if (message.exitCode != null && $Object.hasOwnProperty.call(message, "exitCode") && message.exitCode !== 0)
                writer.uint32(/* id 5, wireType 0 =*/40).int32(message.exitCode);
            if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                writer.uint32(/* id 6, wireType 2 =*/50).string(message.code);
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 7, wireType 2 =*/58).string(message.message);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AttachOutput message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.AttachOutput
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.AttachOutput & shoal.AttachOutput.$Shape} AttachOutput
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AttachOutput.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.AttachOutput();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.attached = value;
                        else
                            delete message.attached;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.stdout = value;
                        else
                            delete message.stdout;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.stderr = value;
                        else
                            delete message.stderr;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.exited = value;
                        else
                            delete message.exited;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.exitCode = value;
                        else
                            delete message.exitCode;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.code = value;
                        else
                            delete message.code;
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates an AttachOutput message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.AttachOutput
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.AttachOutput} AttachOutput
         */
        AttachOutput.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.AttachOutput)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.AttachOutput: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.AttachOutput();
            if (object.attached != null)
                if (object.attached)
                    message.attached = $Boolean(object.attached);
            if (object.stdout != null)
                if (object.stdout.length)
                    if (typeof object.stdout === "string")
                        $util.base64.decode(object.stdout, message.stdout = $util.newBuffer($util.base64.length(object.stdout)), 0);
                    else if (object.stdout.length >= 0)
                        message.stdout = object.stdout;
            if (object.stderr != null)
                if (object.stderr.length)
                    if (typeof object.stderr === "string")
                        $util.base64.decode(object.stderr, message.stderr = $util.newBuffer($util.base64.length(object.stderr)), 0);
                    else if (object.stderr.length >= 0)
                        message.stderr = object.stderr;
            if (object.exited != null)
                if (object.exited)
                    message.exited = $Boolean(object.exited);
            if (object.exitCode != null)
                if ($Number(object.exitCode) !== 0)
                    message.exitCode = object.exitCode | 0;
            if (object.code != null)
                if (typeof object.code !== "string" || object.code.length)
                    message.code = $String(object.code);
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            return message;
        };

        /**
         * Creates a plain object from an AttachOutput message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.AttachOutput
         * @static
         * @param {shoal.AttachOutput} message AttachOutput
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        AttachOutput.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.attached = false;
                if (options.bytes === $String)
                    object.stdout = "";
                else {
                    object.stdout = [];
                    if (options.bytes !== $Array)
                        object.stdout = $util.newBuffer(object.stdout);
                }
                if (options.bytes === $String)
                    object.stderr = "";
                else {
                    object.stderr = [];
                    if (options.bytes !== $Array)
                        object.stderr = $util.newBuffer(object.stderr);
                }
                object.exited = false;
                object.exitCode = 0;
                object.code = "";
                object.message = "";
            }
            if (message.attached != null && $Object.hasOwnProperty.call(message, "attached"))
                object.attached = message.attached;
            if (message.stdout != null && $Object.hasOwnProperty.call(message, "stdout"))
                object.stdout = options.bytes === $String ? $util.base64.encode(message.stdout, 0, message.stdout.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.stdout) : message.stdout;
            if (message.stderr != null && $Object.hasOwnProperty.call(message, "stderr"))
                object.stderr = options.bytes === $String ? $util.base64.encode(message.stderr, 0, message.stderr.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.stderr) : message.stderr;
            if (message.exited != null && $Object.hasOwnProperty.call(message, "exited"))
                object.exited = message.exited;
            if (message.exitCode != null && $Object.hasOwnProperty.call(message, "exitCode"))
                object.exitCode = message.exitCode;
            if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                object.code = message.code;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            return object;
        };

        /**
         * Converts this AttachOutput to JSON.
         * @function toJSON
         * @memberof shoal.AttachOutput
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        AttachOutput.prototype.toJSON = function() {
            return AttachOutput.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for AttachOutput
         * @function getTypeUrl
         * @memberof shoal.AttachOutput
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        AttachOutput.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.AttachOutput";
        };

        return AttachOutput;
    })();

    shoal.MetricsEndpoint = (function() {

        /**
         * Properties of a MetricsEndpoint.
         * @typedef {Object} shoal.MetricsEndpoint.$Properties
         * @property {string|null} [peerId] MetricsEndpoint peerId
         * @property {string|null} [daemon] MetricsEndpoint daemon
         * @property {string|null} [hostname] MetricsEndpoint hostname
         * @property {string|null} [version] MetricsEndpoint version
         * @property {string|null} [url] MetricsEndpoint url
         * @property {number|null} [sentAtMs] MetricsEndpoint sentAtMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a MetricsEndpoint.
         * @memberof shoal
         * @interface IMetricsEndpoint
         * @augments shoal.MetricsEndpoint.$Properties
         * @deprecated Use shoal.MetricsEndpoint.$Properties instead.
         */

        /**
         * Shape of a MetricsEndpoint.
         * @typedef {shoal.MetricsEndpoint.$Properties} shoal.MetricsEndpoint.$Shape
         */

        /**
         * Constructs a new MetricsEndpoint.
         * @memberof shoal
         * @classdesc Represents a MetricsEndpoint.
         * @constructor
         * @param {shoal.MetricsEndpoint.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const MetricsEndpoint = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * MetricsEndpoint peerId.
         * @member {string} peerId
         * @memberof shoal.MetricsEndpoint
         * @instance
         */
        MetricsEndpoint.prototype.peerId = "";

        /**
         * MetricsEndpoint daemon.
         * @member {string} daemon
         * @memberof shoal.MetricsEndpoint
         * @instance
         */
        MetricsEndpoint.prototype.daemon = "";

        /**
         * MetricsEndpoint hostname.
         * @member {string} hostname
         * @memberof shoal.MetricsEndpoint
         * @instance
         */
        MetricsEndpoint.prototype.hostname = "";

        /**
         * MetricsEndpoint version.
         * @member {string} version
         * @memberof shoal.MetricsEndpoint
         * @instance
         */
        MetricsEndpoint.prototype.version = "";

        /**
         * MetricsEndpoint url.
         * @member {string} url
         * @memberof shoal.MetricsEndpoint
         * @instance
         */
        MetricsEndpoint.prototype.url = "";

        /**
         * MetricsEndpoint sentAtMs.
         * @member {number} sentAtMs
         * @memberof shoal.MetricsEndpoint
         * @instance
         */
        MetricsEndpoint.prototype.sentAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new MetricsEndpoint instance using the specified properties.
         * @function create
         * @memberof shoal.MetricsEndpoint
         * @static
         * @param {shoal.MetricsEndpoint.$Properties=} [properties] Properties to set
         * @returns {shoal.MetricsEndpoint} MetricsEndpoint instance
         * @type {{
         *   (properties: shoal.MetricsEndpoint.$Shape): shoal.MetricsEndpoint & shoal.MetricsEndpoint.$Shape;
         *   (properties?: shoal.MetricsEndpoint.$Properties): shoal.MetricsEndpoint;
         * }}
         */
        MetricsEndpoint.create = function(properties) {
            return new MetricsEndpoint(properties);
        };

        /**
         * Encodes the specified MetricsEndpoint message. Does not implicitly {@link shoal.MetricsEndpoint.verify|verify} messages.
         * @function encode
         * @memberof shoal.MetricsEndpoint
         * @static
         * @param {shoal.MetricsEndpoint.$Properties} message MetricsEndpoint message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        MetricsEndpoint.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.peerId != null && $Object.hasOwnProperty.call(message, "peerId") && message.peerId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.peerId);
            if (message.daemon != null && $Object.hasOwnProperty.call(message, "daemon") && message.daemon !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.daemon);
            if (message.hostname != null && $Object.hasOwnProperty.call(message, "hostname") && message.hostname !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.hostname);
            if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.version);
            if (message.url != null && $Object.hasOwnProperty.call(message, "url") && message.url !== "")
                writer.uint32(/* id 5, wireType 2 =*/42).string(message.url);
            if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs") && (typeof message.sentAtMs === "object" ? message.sentAtMs.low || message.sentAtMs.high : message.sentAtMs !== 0))
                writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.sentAtMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a MetricsEndpoint message from the specified reader or buffer.
         * @function decode
         * @memberof shoal.MetricsEndpoint
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {shoal.MetricsEndpoint & shoal.MetricsEndpoint.$Shape} MetricsEndpoint
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        MetricsEndpoint.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.shoal.MetricsEndpoint();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.peerId = value;
                        else
                            delete message.peerId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.daemon = value;
                        else
                            delete message.daemon;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.hostname = value;
                        else
                            delete message.hostname;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.version = value;
                        else
                            delete message.version;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.url = value;
                        else
                            delete message.url;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.sentAtMs = value;
                        else
                            delete message.sentAtMs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a MetricsEndpoint message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof shoal.MetricsEndpoint
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {shoal.MetricsEndpoint} MetricsEndpoint
         */
        MetricsEndpoint.fromObject = function (object, _depth) {
            if (object instanceof $root.shoal.MetricsEndpoint)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".shoal.MetricsEndpoint: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.shoal.MetricsEndpoint();
            if (object.peerId != null)
                if (typeof object.peerId !== "string" || object.peerId.length)
                    message.peerId = $String(object.peerId);
            if (object.daemon != null)
                if (typeof object.daemon !== "string" || object.daemon.length)
                    message.daemon = $String(object.daemon);
            if (object.hostname != null)
                if (typeof object.hostname !== "string" || object.hostname.length)
                    message.hostname = $String(object.hostname);
            if (object.version != null)
                if (typeof object.version !== "string" || object.version.length)
                    message.version = $String(object.version);
            if (object.url != null)
                if (typeof object.url !== "string" || object.url.length)
                    message.url = $String(object.url);
            if (object.sentAtMs != null)
                if (typeof object.sentAtMs === "object" ? object.sentAtMs.low || object.sentAtMs.high : $Number(object.sentAtMs) !== 0)
                    if ($util.Long)
                        message.sentAtMs = $util.Long.fromValue(object.sentAtMs, true);
                    else if (typeof object.sentAtMs === "string")
                        message.sentAtMs = $parseInt(object.sentAtMs, 10);
                    else if (typeof object.sentAtMs === "number")
                        message.sentAtMs = object.sentAtMs;
                    else if (typeof object.sentAtMs === "object")
                        message.sentAtMs = new $util.LongBits(object.sentAtMs.low >>> 0, object.sentAtMs.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a MetricsEndpoint message. Also converts values to other types if specified.
         * @function toObject
         * @memberof shoal.MetricsEndpoint
         * @static
         * @param {shoal.MetricsEndpoint} message MetricsEndpoint
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        MetricsEndpoint.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.peerId = "";
                object.daemon = "";
                object.hostname = "";
                object.version = "";
                object.url = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.sentAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.sentAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.peerId != null && $Object.hasOwnProperty.call(message, "peerId"))
                object.peerId = message.peerId;
            if (message.daemon != null && $Object.hasOwnProperty.call(message, "daemon"))
                object.daemon = message.daemon;
            if (message.hostname != null && $Object.hasOwnProperty.call(message, "hostname"))
                object.hostname = message.hostname;
            if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                object.version = message.version;
            if (message.url != null && $Object.hasOwnProperty.call(message, "url"))
                object.url = message.url;
            if (message.sentAtMs != null && $Object.hasOwnProperty.call(message, "sentAtMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.sentAtMs = typeof message.sentAtMs === "number" ? $BigInt(message.sentAtMs) : $util.Long.fromBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0, true).toBigInt();
                else if (typeof message.sentAtMs === "number")
                    object.sentAtMs = options.longs === $String ? $String(message.sentAtMs) : message.sentAtMs;
                else
                    object.sentAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.sentAtMs) : options.longs === $Number ? new $util.LongBits(message.sentAtMs.low >>> 0, message.sentAtMs.high >>> 0).toNumber(true) : message.sentAtMs;
            return object;
        };

        /**
         * Converts this MetricsEndpoint to JSON.
         * @function toJSON
         * @memberof shoal.MetricsEndpoint
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        MetricsEndpoint.prototype.toJSON = function() {
            return MetricsEndpoint.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for MetricsEndpoint
         * @function getTypeUrl
         * @memberof shoal.MetricsEndpoint
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        MetricsEndpoint.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/shoal.MetricsEndpoint";
        };

        return MetricsEndpoint;
    })();

    return shoal;
})();

export {
  $root as default
};
