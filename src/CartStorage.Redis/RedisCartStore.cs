using StackExchange.Redis;

namespace CartStorage.Redis;

/// <summary>
/// The Redis I/O of <see cref="RedisStorage"/>: each method is one command or one script (<see cref="RedisCartScripts"/>),
/// so one round trip. Maps Redis errors to the library's exceptions: data of the wrong type →
/// <see cref="CartDataCorruptedException"/>; no connection or a timeout → <see cref="CartStorageUnavailableException"/>;
/// a cluster that refuses a command while a slot migrates (<c>TRYAGAIN</c>, <c>CLUSTERDOWN</c>) → retried with the retry
/// policy's backoff (such a command did not run).
/// </summary>
internal sealed class RedisCartStore(IConnectionMultiplexer redis, RedisCartKeys keys, TimeSpan ttl, CartRetryPolicy retry)
{
    private const string IndexName = "(instance index)";
    private static readonly RedisValue[] CartFields = ["v", "d"];
    private static readonly RedisValue[] PendingFields = ["v", "d", "a", "t", "m"];

    private static readonly Script Write = new(RedisCartScripts.Write);
    private static readonly Script Delete = new(RedisCartScripts.Delete);
    private static readonly Script Claim = new(RedisCartScripts.Claim);
    private static readonly Script Restore = new(RedisCartScripts.Restore);
    private static readonly Script DeletePending = new(RedisCartScripts.DeletePending);
    private static readonly Script Instances = new(RedisCartScripts.Instances);
    private static readonly Script ForgetIdentifier = new(RedisCartScripts.ForgetIdentifier);

    private readonly RedisValue ttlMilliseconds = (long)Math.Ceiling(ttl.TotalMilliseconds);

    /// <summary>The stored version and document of a cart, or <see langword="null"/> when it does not exist.</summary>
    public async Task<RedisCartEntry?> ReadAsync(CartKey key, CancellationToken ct)
    {
        var values = await RunAsync(key.Identifier, key.Instance, db => db.HashGetAsync(keys.Cart(key), CartFields), ct).ConfigureAwait(false);
        if (values[0].IsNull && values[1].IsNull)
        {
            return null;
        }

        return new RedisCartEntry(ParseVersion(key, values[0]), values[1].IsNull ? throw Foreign(key, "the hash has no document field 'd'") : (byte[])values[1]!);
    }

    /// <summary>Writes the document (the cart <paramref name="id"/> at the next version) if the stored cart is still <paramref name="expected"/> (its version and id).</summary>
    public Task<RedisCartResult> WriteAsync(CartKey key, CartSnapshot expected, Guid id, byte[] document, CancellationToken ct) =>
        EvaluateAsync(key, Write, [keys.Cart(key), keys.Index(key.Identifier)], [expected.Version, expected.Version + 1, document, ttlMilliseconds, key.Instance, CartKeyEncoder.Encode(key.Instance), expected.Id.ToString("N"), id.ToString("N")], ct);

    /// <summary>Removes the cart; only if it is <paramref name="expected"/> (its version and id) unless that is <see langword="null"/>.</summary>
    public Task<RedisCartResult> DeleteAsync(CartKey key, CartSnapshot? expected, CancellationToken ct) =>
        EvaluateAsync(key, Delete, [keys.Cart(key), keys.Index(key.Identifier)], [expected is null ? RedisValue.EmptyString : expected.Version, key.Instance, expected is null ? RedisValue.EmptyString : expected.Id.ToString("N")], ct);

    /// <summary>Moves the cart to its pending key, recording the move, if it is still <paramref name="expected"/> (its version and id).</summary>
    public Task<RedisCartResult> ClaimAsync(CartKey key, CartSnapshot expected, string marker, string target, string mode, CancellationToken ct) =>
        EvaluateAsync(key, Claim, [keys.Cart(key), keys.Index(key.Identifier), keys.Pending(key)], [expected.Version, key.Instance, marker, target, mode, expected.Id.ToString("N")], ct);

    /// <summary>Puts the pending move <paramref name="marker"/> back in the cart's place, if that place is free.</summary>
    public Task<RedisCartResult> RestoreAsync(CartKey key, string marker, CancellationToken ct) =>
        EvaluateAsync(key, Restore, [keys.Cart(key), keys.Index(key.Identifier), keys.Pending(key)], [marker, key.Instance, CartKeyEncoder.Encode(key.Instance)], ct);

    /// <summary>Removes the pending move <paramref name="marker"/>, if it is still there.</summary>
    public Task<RedisCartResult> DeletePendingAsync(CartKey key, string marker, CancellationToken ct) =>
        EvaluateAsync(key, DeletePending, [keys.Pending(key)], [marker], ct);

    /// <summary>
    /// Whether the writes this connection sent to the node holding <paramref name="key"/> reached
    /// <see cref="CartRedisDurabilityOptions.Replicas"/> replicas (<c>WAIT</c>), and with
    /// <see cref="CartRedisDurabilityOptions.Fsync"/> the append-only files too (<c>WAITAOF</c>), within the timeout.
    /// </summary>
    public Task<bool> WaitDurableAsync(CartKey key, CartRedisDurabilityOptions durability, CancellationToken ct) =>
        RunAsync(key.Identifier, key.Instance, async db =>
        {
            // WAIT counts this client's writes to one node: ask the node that holds the cart, on the shared connection.
            var server = redis.GetServer(await db.IdentifyEndpointAsync(keys.Cart(key)).ConfigureAwait(false)
                ?? throw new CartStorageUnavailableException("No Redis node serves the cart's hash slot.", key.Identifier, key.Instance));
            var timeout = (long)durability.Timeout.TotalMilliseconds;
            if (!durability.Fsync)
            {
                return (long)await server.ExecuteAsync("WAIT", durability.Replicas, timeout).ConfigureAwait(false) >= durability.Replicas;
            }

            var counts = (long[])(await server.ExecuteAsync("WAITAOF", 1, durability.Replicas, timeout).ConfigureAwait(false))!;
            return counts[0] >= 1 && counts[1] >= durability.Replicas;
        }, ct);

    /// <summary>The pending move of a cart, or <see langword="null"/> when there is none.</summary>
    public async Task<RedisPendingMove?> ReadPendingAsync(CartKey key, CancellationToken ct)
    {
        var values = await RunAsync(key.Identifier, key.Instance, db => db.HashGetAsync(keys.Pending(key), PendingFields), ct).ConfigureAwait(false);
        if (values.All(v => v.IsNull))
        {
            return null;
        }

        if (values.Any(v => v.IsNull))
        {
            throw Foreign(key, "a pending move misses one of its fields");
        }

        return new RedisPendingMove(new RedisCartEntry(ParseVersion(key, values[0]), (byte[])values[1]!), (string)values[2]!, (string)values[3]!, (string)values[4]!);
    }

    /// <summary>The instances of an identifier whose carts exist (index entries of expired carts are dropped).</summary>
    public async Task<IReadOnlyList<string>> InstancesAsync(string identifier, CancellationToken ct)
    {
        var result = await RunAsync(identifier, IndexName, db => Instances.EvaluateAsync(db, [keys.Index(identifier)], [keys.CartPrefix(identifier)]), ct).ConfigureAwait(false);
        return [.. ((RedisResult[])result!).Select(r => (string)r!)];
    }

    /// <summary>Removes every cart of an identifier and its index, in one script.</summary>
    public Task ForgetIdentifierAsync(string identifier, CancellationToken ct) =>
        RunAsync(identifier, IndexName, db => ForgetIdentifier.EvaluateAsync(db, [keys.Index(identifier)], [keys.CartPrefix(identifier)]), ct);

    /// <summary>Deletes every key of <see cref="RedisCartKeys.Pattern"/> on every primary (each node of a cluster holds its own slots).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await RunAsync(null, null, async db =>
        {
            foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
            {
                var batch = new List<Task>();
                await foreach (var key in server.KeysAsync(db.Database, keys.Pattern, pageSize: 500).WithCancellation(ct).ConfigureAwait(false))
                {
                    batch.Add(db.KeyDeleteAsync(key));
                    if (batch.Count == 500)
                    {
                        await Task.WhenAll(batch).ConfigureAwait(false);
                        batch.Clear();
                    }
                }

                await Task.WhenAll(batch).ConfigureAwait(false);
            }

            return true;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>A PING: the store answers.</summary>
    public Task PingAsync(CancellationToken ct) => RunAsync(null, null, db => db.PingAsync(), ct);

    private async Task<RedisCartResult> EvaluateAsync(CartKey key, Script script, RedisKey[] scriptKeys, RedisValue[] values, CancellationToken ct)
    {
        var reply = (RedisResult[])(await RunAsync(key.Identifier, key.Instance, db => script.EvaluateAsync(db, scriptKeys, values), ct).ConfigureAwait(false))!;
        return (int)reply[0] switch
        {
            1 => new RedisCartResult(RedisCartOutcome.Done),
            0 => new RedisCartResult(RedisCartOutcome.Conflict),
            -2 => new RedisCartResult(RedisCartOutcome.PendingMove),
            _ => throw Foreign(key, "a key of the cart holds data of another type or shape (not written by this library)"),
        };
    }

    private async Task<T> RunAsync<T>(string? identifier, string? instance, Func<IDatabase, Task<T>> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                return await call(redis.GetDatabase()).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (e.Message.Contains("WRONGTYPE", StringComparison.Ordinal) && identifier is not null)
            {
                throw new CartDataCorruptedException(identifier, instance!, "a key of the cart holds data of another Redis type (not written by this library).", e);
            }
            catch (RedisServerException e) when (IsMigrating(e) && attempt < retry.MaxAttempts)
            {
                await Task.Delay(retry.Delay(attempt), ct).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (IsMigrating(e))
            {
                throw Unavailable(identifier, instance, e);
            }
            catch (RedisConnectionException e)
            {
                throw Unavailable(identifier, instance, e);
            }
            catch (RedisTimeoutException e)
            {
                throw Unavailable(identifier, instance, e);
            }
        }
    }

    /// <summary>A script sent by its SHA1 (<c>EVALSHA</c>, a few bytes); its text only when the server does not know it yet (<c>NOSCRIPT</c>), which also caches it there.</summary>
    private sealed class Script(string text)
    {
        private readonly byte[] sha1 = System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(text));

        public async Task<RedisResult> EvaluateAsync(IDatabase db, RedisKey[] keys, RedisValue[] values)
        {
            try
            {
                return await db.ScriptEvaluateAsync(sha1, keys, values).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                return await db.ScriptEvaluateAsync(text, keys, values).ConfigureAwait(false);
            }
        }
    }

    private static bool IsMigrating(RedisServerException e) =>
        e.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal) || e.Message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal);

    private static CartStorageUnavailableException Unavailable(string? identifier, string? instance, Exception e) =>
        new($"Redis could not be reached or did not answer in time ({e.GetType().Name}); whether a write under way took effect is unknown.", identifier, instance, e);

    private static long ParseVersion(CartKey key, RedisValue value) =>
        long.TryParse((string?)value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw Foreign(key, "the version field 'v' is missing or not a positive integer");

    private static CartDataCorruptedException Foreign(CartKey key, string reason) => new(key.Identifier, key.Instance, reason + ".");
}

/// <summary>A cart as stored: its version field and its document.</summary>
internal sealed record RedisCartEntry(long Version, byte[] Document);

/// <summary>A cart claimed by a swap or merge: the cart, its marker, the target identifier and the mode (<c>swap</c> or a merge strategy).</summary>
internal sealed record RedisPendingMove(RedisCartEntry Cart, string Marker, string Target, string Mode);

/// <summary>What a script did.</summary>
internal enum RedisCartOutcome
{
    Done,
    Conflict,
    PendingMove,
}

/// <summary>A script's outcome.</summary>
internal readonly record struct RedisCartResult(RedisCartOutcome Outcome);
