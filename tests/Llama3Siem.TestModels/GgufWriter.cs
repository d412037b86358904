using System.Buffers.Binary;
using System.Text;

namespace Llama3Siem.TestModels;

/// <summary>
/// Writes a GGUF version 3 file: metadata key/values, tensor descriptions, then the aligned tensor data.
/// Tensor data is produced row by row when the file is written, so multi-gigabyte models need little memory.
/// </summary>
public sealed class GgufWriter
{
    private const uint Magic = 0x46554747; // "GGUF" read as a little-endian uint32
    private const uint Version = 3;
    private const int Q8BlockSize = 32;
    private const int Q8BlockBytes = 2 + Q8BlockSize;

    private readonly List<(string Key, Action<BinaryWriter> WriteValue)> _metadata = [];
    private readonly List<TensorEntry> _tensors = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    /// <param name="alignment">Alignment of the data section and of every tensor in it (GGUF's default is 32).</param>
    public GgufWriter(int alignment = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(alignment, 8);
        if (!int.IsPow2(alignment))
        {
            throw new ArgumentException("Alignment must be a power of two.", nameof(alignment));
        }

        Alignment = alignment;
        if (alignment != 32)
        {
            Add("general.alignment", (uint)alignment);
        }
    }

    public int Alignment { get; }

    public int TensorCount => _tensors.Count;

    public void Add(string key, string value) => AddValue(key, GgufValueType.String, w => WriteString(w, value));

    public void Add(string key, uint value) => AddValue(key, GgufValueType.UInt32, w => w.Write(value));

    public void Add(string key, int value) => AddValue(key, GgufValueType.Int32, w => w.Write(value));

    public void Add(string key, ulong value) => AddValue(key, GgufValueType.UInt64, w => w.Write(value));

    public void Add(string key, float value) => AddValue(key, GgufValueType.Float32, w => w.Write(value));

    public void Add(string key, bool value) => AddValue(key, GgufValueType.Bool, w => w.Write(value));

    public void Add(string key, IReadOnlyList<string> values) => AddArray(key, GgufValueType.String, values, WriteString);

    public void Add(string key, IReadOnlyList<int> values) => AddArray(key, GgufValueType.Int32, values, (w, v) => w.Write(v));

    public void Add(string key, IReadOnlyList<float> values) => AddArray(key, GgufValueType.Float32, values, (w, v) => w.Write(v));

    /// <summary>Adds a tensor whose data is produced when the file is written.</summary>
    /// <param name="dimensions">ggml order: the innermost (row) length first.</param>
    public void AddTensor(string name, IReadOnlyList<long> dimensions, GgufTensorType type, TensorRowFill fill)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(fill);
        if (dimensions.Count is < 1 or > 4 || dimensions.Any(d => d < 1))
        {
            throw new ArgumentException("A tensor has one to four positive dimensions.", nameof(dimensions));
        }

        if (type == GgufTensorType.Q8_0 && dimensions[0] % Q8BlockSize != 0)
        {
            throw new ArgumentException($"Q8_0 rows must be a multiple of {Q8BlockSize} long.", nameof(dimensions));
        }

        if (_tensors.Any(t => t.Name == name))
        {
            throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        }

        _tensors.Add(new TensorEntry(name, [.. dimensions], type, fill));
    }

    /// <summary>Adds a tensor from values already in memory (row-major, innermost dimension first).</summary>
    public void AddTensor(string name, IReadOnlyList<long> dimensions, GgufTensorType type, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(dimensions);
        var rowLength = (int)dimensions[0];
        AddTensor(name, dimensions, type, (row, span) => values.AsSpan((int)(row * rowLength), rowLength).CopyTo(span));
    }

    public void WriteTo(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        WriteTo(stream);
    }

    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);

        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_metadata.Count);
        foreach (var (key, writeValue) in _metadata)
        {
            WriteString(writer, key);
            writeValue(writer);
        }

        long offset = 0;
        foreach (var tensor in _tensors)
        {
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Dimensions.Length);
            foreach (var dimension in tensor.Dimensions)
            {
                writer.Write((ulong)dimension);
            }

            writer.Write((uint)tensor.Type);
            writer.Write((ulong)offset);
            offset = AlignUp(offset + tensor.ByteLength);
        }

        Pad(writer);
        var dataStart = writer.BaseStream.Position;
        foreach (var tensor in _tensors)
        {
            WriteTensorData(writer, tensor);
            Pad(writer, dataStart);
        }

        writer.Flush();
    }

    private void AddValue(string key, GgufValueType type, Action<BinaryWriter> writeValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_keys.Add(key))
        {
            throw new ArgumentException($"Metadata key '{key}' was already added.", nameof(key));
        }

        _metadata.Add((key, w =>
        {
            w.Write((uint)type);
            writeValue(w);
        }));
    }

    private void AddArray<T>(string key, GgufValueType elementType, IReadOnlyList<T> values, Action<BinaryWriter, T> writeElement)
    {
        ArgumentNullException.ThrowIfNull(values);
        var copy = values.ToArray();
        AddValue(key, GgufValueType.Array, w =>
        {
            w.Write((uint)elementType);
            w.Write((ulong)copy.Length);
            foreach (var value in copy)
            {
                writeElement(w, value);
            }
        });
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteTensorData(BinaryWriter writer, TensorEntry tensor)
    {
        var rowLength = (int)tensor.Dimensions[0];
        var values = new float[rowLength];
        var bytes = new byte[RowBytes(tensor.Type, rowLength)];
        for (long row = 0; row < tensor.RowCount; row++)
        {
            Array.Clear(values);
            tensor.Fill(row, values);
            switch (tensor.Type)
            {
                case GgufTensorType.F32:
                    for (var i = 0; i < rowLength; i++)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
                    }

                    break;
                case GgufTensorType.Q8_0:
                    QuantizeQ8(values, bytes);
                    break;
                default:
                    throw new NotSupportedException($"Tensor type {tensor.Type} is not supported.");
            }

            writer.Write(bytes);
        }
    }

    /// <summary>Q8_0: per block of 32, scale d = max|x| / 127 stored as half, q = round(x / d).</summary>
    private static void QuantizeQ8(ReadOnlySpan<float> values, Span<byte> destination)
    {
        for (var block = 0; block < values.Length / Q8BlockSize; block++)
        {
            var source = values.Slice(block * Q8BlockSize, Q8BlockSize);
            var target = destination.Slice(block * Q8BlockBytes, Q8BlockBytes);
            var maxAbs = 0f;
            foreach (var v in source)
            {
                maxAbs = Math.Max(maxAbs, Math.Abs(v));
            }

            var scale = maxAbs / 127f;
            var inverse = scale == 0 ? 0 : 1 / scale;
            BinaryPrimitives.WriteHalfLittleEndian(target, (Half)scale);
            for (var i = 0; i < Q8BlockSize; i++)
            {
                target[2 + i] = unchecked((byte)(sbyte)Math.Clamp(MathF.Round(source[i] * inverse), -127, 127));
            }
        }
    }

    private static long RowBytes(GgufTensorType type, int rowLength) => type switch
    {
        GgufTensorType.F32 => rowLength * 4L,
        GgufTensorType.Q8_0 => rowLength / Q8BlockSize * (long)Q8BlockBytes,
        _ => throw new NotSupportedException($"Tensor type {type} is not supported."),
    };

    private long AlignUp(long value) => (value + Alignment - 1) / Alignment * Alignment;

    private void Pad(BinaryWriter writer, long origin = 0)
    {
        var position = writer.BaseStream.Position - origin;
        var padding = AlignUp(position) - position;
        for (var i = 0; i < padding; i++)
        {
            writer.Write((byte)0);
        }
    }

    private sealed record TensorEntry(string Name, long[] Dimensions, GgufTensorType Type, TensorRowFill Fill)
    {
        public long RowCount => Dimensions.Skip(1).Aggregate(1L, (a, b) => a * b);

        public long ByteLength => RowBytes(Type, (int)Dimensions[0]) * RowCount;
    }
}
