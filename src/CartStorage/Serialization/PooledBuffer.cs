using System.Buffers;

namespace CartStorage;

/// <summary>
/// Bytes written into arrays rented from <see cref="ArrayPool{T}.Shared"/>, returned on <see cref="Dispose"/>: a
/// serialized cart costs no array of its own, and a large one no large-object-heap allocation per operation.
/// </summary>
internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 4096;

    private byte[] buffer;
    private int written;
    private bool rented;

    public PooledBuffer()
    {
        buffer = [];
    }

    public int WrittenCount => written;

    public ReadOnlySpan<byte> WrittenSpan => buffer.AsSpan(0, written);

    public ReadOnlyMemory<byte> WrittenMemory => buffer.AsMemory(0, written);

    /// <summary>A right-sized copy, for APIs that take an array of exactly the written bytes.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > buffer.Length - written)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return buffer.AsMemory(written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return buffer.AsSpan(written);
    }

    public void Dispose()
    {
        if (rented)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = [];
        written = 0;
        rented = false;
    }

    private void Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (buffer.Length - written >= needed)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(buffer.Length * 2, InitialSize), written + needed));
        WrittenSpan.CopyTo(larger);
        if (rented)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = larger;
        rented = true;
    }
}
