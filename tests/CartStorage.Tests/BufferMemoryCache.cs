using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Distributed;

namespace CartStorage.Tests;

/// <summary>
/// An in-process <see cref="IBufferDistributedCache"/> (as <c>RedisCache</c> is) that keeps each entry in an array of
/// exactly its length, overwritten in place by a value of the same length and returned as it is by
/// <see cref="Get"/> (as <c>MemoryDistributedCache</c> returns its entry): the cache itself allocates nothing per
/// read, or per write of a same-sized value, so what a test measures around it is the storage's own allocation.
/// Callers must not change a returned array. Expiry is ignored.
/// </summary>
internal sealed class BufferMemoryCache : IBufferDistributedCache
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public byte[]? Get(string key) => entries.TryGetValue(key, out var entry) ? entry.Bytes : null;

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
        public byte[] Bytes { get; private set; } = [];

        public Entry Store(ReadOnlySequence<byte> value)
        {
            lock (this)
            {
                var bytes = Bytes.Length == value.Length ? Bytes : new byte[value.Length];
                value.CopyTo(bytes);
                Bytes = bytes;
            }

            return this;
        }

        public void CopyTo(IBufferWriter<byte> destination)
        {
            lock (this)
            {
                destination.Write(Bytes);
            }
        }
    }
}
