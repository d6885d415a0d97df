using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;

namespace CartStorage.Tests;

/// <summary>
/// An in-process <see cref="IBufferDistributedCache"/> (as <c>RedisCache</c> is) that keeps each entry in an array it
/// reuses while the next value fits (it allocates twice the size), so that the cache itself allocates nothing per write of a same-sized value: what a
/// test measures around it is the storage's own allocation. Expiry is ignored.
/// </summary>
internal sealed class BufferMemoryCache : IBufferDistributedCache
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public byte[]? Get(string key) => entries.TryGetValue(key, out var entry) ? entry.Copy() : null;

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult(Get(key));

    public bool TryGet(string key, IBufferWriter<byte> destination)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            return false;
        }

        entry.CopyTo(destination);
        return true;
    }

    public ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default) =>
        ValueTask.FromResult(TryGet(key, destination));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Set(key, new ReadOnlySequence<byte>(value), options);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Set(key, value, options);
        return Task.CompletedTask;
    }

    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options) =>
        entries.AddOrUpdate(key, static (_, value) => new Entry().Store(value), static (_, entry, value) => entry.Store(value), value);

    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Set(key, value, options);
        return ValueTask.CompletedTask;
    }

    public void Refresh(string key)
    {
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key) => entries.TryRemove(key, out _);

    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        Remove(key);
        return Task.CompletedTask;
    }

    private sealed class Entry
    {
        private byte[] bytes = [];
        private int length;

        public Entry Store(ReadOnlySequence<byte> value)
        {
            lock (this)
            {
                if (bytes.Length < value.Length)
                {
                    // Room to grow: a cart one digit longer (version 9 to 10) fits in the same array.
                    bytes = new byte[value.Length * 2];
                }

                value.CopyTo(bytes);
                length = (int)value.Length;
            }

            return this;
        }

        public byte[] Copy()
        {
            lock (this)
            {
                return bytes.AsSpan(0, length).ToArray();
            }
        }

        public void CopyTo(IBufferWriter<byte> destination)
        {
            lock (this)
            {
                destination.Write(bytes.AsSpan(0, length));
            }
        }
    }
}
