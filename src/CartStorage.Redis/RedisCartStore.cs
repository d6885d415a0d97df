using StackExchange.Redis;

namespace CartStorage.Redis;

/// <summary>
/// The Redis I/O of <see cref="RedisStorage"/>: each method is one command or one script (<see cref="RedisCartScripts"/>),
/// so one round trip. Maps Redis errors to the library's exceptions: data of the wrong type →
/// <see cref="CartDataCorruptedException"/>; a server that refuses the command because it cannot take a write now (a
/// replica's <c>READONLY</c>, <c>LOADING</c>, <c>MASTERDOWN</c>, <c>CLUSTERDOWN</c>, <c>TRYAGAIN</c> while a slot
/// migrates: such a command did not run) → retried with the retry policy's backoff, then, like no connection or a
/// timeout, <see cref="CartStorageUnavailableException"/> (<see cref="RedisFailures"/> decides the message).
/// </summary>
internal sealed partial class RedisCartStore(IConnectionMultiplexer redis, RedisCartKeys keys, TimeSpan ttl, CartRetryPolicy retry)
{
    private const string IndexName = "(instance index)";
    private static readonly RedisValue[] CartFields = ["v", "d"];
    /// <summary>The fields of a pending move; the last (<c>e</c>, the target as the mover read it) is absent in moves claimed before it existed.</summary>
    private static readonly RedisValue[] PendingFields = ["v", "d", "a", "t", "m", "e"];

    private static readonly RedisScript Write = new(RedisCartScripts.Write);
    private static readonly RedisScript Delete = new(RedisCartScripts.Delete);
    private static readonly RedisScript Claim = new(RedisCartScripts.Claim);
    private static readonly RedisScript Restore = new(RedisCartScripts.Restore);
    private static readonly RedisScript DeletePending = new(RedisCartScripts.DeletePending);
    private static readonly RedisScript Instances = new(RedisCartScripts.Instances);
    private static readonly RedisScript ForgetIdentifier = new(RedisCartScripts.ForgetIdentifier);

    private readonly RedisValue ttlMilliseconds = (long)Math.Ceiling(ttl.TotalMilliseconds);

    /// <summary>The stored version and document of a cart, or <see langword="null"/> when it does not exist.</summary>
    public async Task<RedisCartEntry?> ReadAsync(CartKey key, CancellationToken ct)
    {
        var values = await RunAsync(key.Identifier, key.Instance, db => db.HashGetAsync(keys.Cart(key), CartFields), ct).ConfigureAwait(false);
        return Entry(key, values);
    }

    /// <summary>
    /// The target of the move <paramref name="marker"/> as <see cref="ReadAsync"/> reads it, and whether it absorbed that
    /// move already (its record exists): <c>HMGET</c> and <c>EXISTS</c> sent as one batch, one round trip.
    /// </summary>
    public Task<(RedisCartEntry? Cart, bool Absorbed)> ReadTargetAsync(CartKey target, string marker, CancellationToken ct) =>
        ReadBesideAsync(target, keys.Absorbed(target, marker), ct);

    /// <summary>The cart as <see cref="ReadAsync"/> reads it, and whether it has a pending move: <c>HMGET</c> and <c>EXISTS</c> sent as one batch, one round trip.</summary>
    public Task<(RedisCartEntry? Cart, bool Exists)> ReadWithPendingAsync(CartKey key, CancellationToken ct) =>
        ReadBesideAsync(key, keys.Pending(key), ct);

    /// <summary>
    /// Writes the document (the cart <paramref name="id"/> at the next version) if the stored cart is still
    /// <paramref name="expected"/> (its version and id); with <paramref name="absorbedMarker"/>, records in the same
    /// script that the cart absorbed that move (<see cref="RedisCartKeys.Absorbed"/>). <paramref name="checkedLimits"/>:
    /// the item limits every item of the document was checked against (<see cref="RedisDeltaScript"/>), or
    /// <see langword="null"/> when they were not all checked; written only beside a document the delta script can scan
    /// (<see cref="RedisDeltaText.IsScannable"/>).
    /// </summary>
    public Task<RedisCartResult> WriteAsync(CartKey key, CartSnapshot expected, Guid id, byte[] document, string? absorbedMarker, string? checkedLimits, CancellationToken ct) =>
        EvaluateAsync(
            key,
            Write,
            absorbedMarker is null ? [keys.Cart(key), keys.Index(key.Identifier)] : [keys.Cart(key), keys.Index(key.Identifier), keys.Absorbed(key, absorbedMarker)],
            [expected.Version, expected.Version + 1, document, ttlMilliseconds, key.Instance, CartKeyEncoder.Encode(key.Instance), expected.Id.ToString("N"), id.ToString("N"), checkedLimits is not null && RedisDeltaText.IsScannable(document) ? checkedLimits : string.Empty],
            ct);

    /// <summary>Removes the cart; only if it is <paramref name="expected"/> (its version and id) unless that is <see langword="null"/>.</summary>
    public Task<RedisCartResult> DeleteAsync(CartKey key, CartSnapshot? expected, CancellationToken ct) =>
        EvaluateAsync(key, Delete, [keys.Cart(key), keys.Index(key.Identifier)], [expected is null ? RedisValue.EmptyString : expected.Version, key.Instance, expected is null ? RedisValue.EmptyString : expected.Id.ToString("N")], ct);

    /// <summary>Moves the cart to its pending key, recording the move, if it is still <paramref name="expected"/> (its version and id).</summary>
    public Task<RedisCartResult> ClaimAsync(CartKey key, CartSnapshot expected, string marker, string target, string mode, string targetAsRead, CancellationToken ct) =>
        EvaluateAsync(key, Claim, [keys.Cart(key), keys.Index(key.Identifier), keys.Pending(key), keys.PendingIndex(key.Identifier)], [expected.Version, key.Instance, marker, target, mode, expected.Id.ToString("N"), CartKeyEncoder.Encode(key.Instance), targetAsRead], ct);

    /// <summary>Puts the pending move <paramref name="marker"/> back in the cart's place, if that place is free.</summary>
    public Task<RedisCartResult> RestoreAsync(CartKey key, string marker, CancellationToken ct) =>
        EvaluateAsync(key, Restore, [keys.Cart(key), keys.Index(key.Identifier), keys.Pending(key), keys.PendingIndex(key.Identifier)], [marker, key.Instance, CartKeyEncoder.Encode(key.Instance)], ct);

    /// <summary>Removes the pending move <paramref name="marker"/>, if it is still there.</summary>
    public Task<RedisCartResult> DeletePendingAsync(CartKey key, string marker, CancellationToken ct) =>
        EvaluateAsync(key, DeletePending, [keys.Pending(key), keys.PendingIndex(key.Identifier)], [marker, key.Instance], ct);

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

        if (values.Take(5).Any(v => v.IsNull))
        {
            throw Foreign(key, "a pending move misses one of its fields");
        }

        return new RedisPendingMove(new RedisCartEntry(ParseVersion(key, values[0]), (byte[])values[1]!), (string)values[2]!, (string)values[3]!, (string)values[4]!, (string?)values[5]);
    }

    /// <summary>
    /// The instances of an identifier whose carts exist and those with a pending move (index entries of expired carts and
    /// pending moves are dropped). With <paramref name="pendingFirst"/>, an identifier with pending moves is not listed:
    /// only the instances its pending index names are returned, for the caller to finish them first.
    /// </summary>
    public async Task<RedisInstances> InstancesAsync(string identifier, bool pendingFirst, CancellationToken ct)
    {
        var (reply, pending) = await OverIndexAsync(identifier, Instances, pendingFirst, ct).ConfigureAwait(false);
        return reply is [_, var live, var found]
            ? new RedisInstances(Strings(live), Strings(found))
            : new RedisInstances([], pending);
    }

    /// <summary>
    /// Removes every cart and every pending move of an identifier, and its indexes; the instances with a pending move
    /// when nothing was removed because <paramref name="pendingFirst"/> asked to finish those first (empty when done).
    /// </summary>
    public async Task<IReadOnlyList<string>> ForgetIdentifierAsync(string identifier, bool pendingFirst, CancellationToken ct) =>
        (await OverIndexAsync(identifier, ForgetIdentifier, pendingFirst, ct).ConfigureAwait(false)).Pending;

    /// <summary>
    /// Runs <paramref name="script"/> over an identifier's instance index and pending index with every key it touches
    /// declared in KEYS (so a cluster routes it, and refuses it with <c>TRYAGAIN</c> while the slot's keys are split by
    /// a migration): reads both indexes (<c>HGETALL</c> each, one batch), then runs the script on the instances they list
    /// (<see cref="RedisCartScripts.Instances"/>); again when an index changed in between. Its reply (empty when both
    /// indexes are empty), or, with <paramref name="pendingFirst"/> and pending moves listed, no reply and those moves'
    /// instances without running the script.
    /// </summary>
    private async Task<(RedisResult[] Reply, IReadOnlyList<string> Pending)> OverIndexAsync(string identifier, RedisScript script, bool pendingFirst, CancellationToken ct)
    {
        var index = keys.Index(identifier);
        var pendingIndex = keys.PendingIndex(identifier);
        for (var attempt = 1; ; attempt++)
        {
            var (listed, listedPending) = await RunAsync(identifier, IndexName, db => BatchAsync(db, b => b.HashGetAllAsync(index), b => b.HashGetAllAsync(pendingIndex)), ct).ConfigureAwait(false);
            string[] instances = [.. listed.Select(e => (string)e.Name!)];
            string[] pending = [.. listedPending.Select(e => (string)e.Name!)];
            if (pendingFirst && pending.Length > 0)
            {
                return ([], pending);
            }

            if (instances.Length == 0 && pending.Length == 0)
            {
                return ([], []);
            }

            RedisKey[] scriptKeys =
            [
                .. Group(index, instances, i => keys.Cart(new CartKey(identifier, i))),
                .. Group(pendingIndex, pending, i => keys.Pending(new CartKey(identifier, i))),
            ];
            RedisValue[] values = [instances.Length, pending.Length, .. instances.Select(i => (RedisValue)i), .. pending.Select(i => (RedisValue)i)];
            var reply = (RedisResult[])(await RunAsync(identifier, IndexName, db => script.EvaluateAsync(db, scriptKeys, values), ct).ConfigureAwait(false))!;
            if ((int)reply[0] == 1)
            {
                return (reply, []);
            }

            if (attempt >= retry.MaxAttempts)
            {
                throw new CartStorageUnavailableException(
                    $"The instance index changed between reading it and using it on each of {attempt} attempts (Cart:Redis:Retry:MaxAttempts); nothing was changed.",
                    identifier,
                    IndexName);
            }

            await Task.Delay(retry.Delay(attempt), ct).ConfigureAwait(false);
        }
    }

    /// <summary>An index and the key of each instance it listed; nothing when it listed none (see <see cref="RedisCartScripts.Instances"/>).</summary>
    private static IEnumerable<RedisKey> Group(RedisKey index, string[] instances, Func<string, RedisKey> key) =>
        instances.Length == 0 ? [] : instances.Select(key).Prepend(index);

    private static string[] Strings(RedisResult result) => [.. ((RedisResult[])result!).Select(r => (string)r!)];

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

    /// <summary>The cart and whether <paramref name="other"/> (a key of the same slot) exists: <c>HMGET</c> and <c>EXISTS</c> in one batch (one round trip).</summary>
    private async Task<(RedisCartEntry? Cart, bool Exists)> ReadBesideAsync(CartKey key, RedisKey other, CancellationToken ct)
    {
        var (values, exists) = await RunAsync(key.Identifier, key.Instance, db => BatchAsync(db, b => b.HashGetAsync(keys.Cart(key), CartFields), b => b.KeyExistsAsync(other)), ct).ConfigureAwait(false);
        return (Entry(key, values), exists);
    }

    /// <summary>Two commands sent as one batch (one round trip), and their replies.</summary>
    private static async Task<(T1, T2)> BatchAsync<T1, T2>(IDatabase db, Func<IBatch, Task<T1>> first, Func<IBatch, Task<T2>> second)
    {
        var batch = db.CreateBatch();
        var one = first(batch);
        var two = second(batch);
        batch.Execute();
        await Task.WhenAll(one, two).ConfigureAwait(false);
        return (await one.ConfigureAwait(false), await two.ConfigureAwait(false));
    }

    private static RedisCartEntry? Entry(CartKey key, RedisValue[] values)
    {
        if (values[0].IsNull && values[1].IsNull)
        {
            return null;
        }

        return new RedisCartEntry(ParseVersion(key, values[0]), values[1].IsNull ? throw Foreign(key, "the hash has no document field 'd'") : (byte[])values[1]!);
    }

    private async Task<RedisCartResult> EvaluateAsync(CartKey key, RedisScript script, RedisKey[] scriptKeys, RedisValue[] values, CancellationToken ct)
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
            catch (Exception e) when (RedisFailures.Refusal(e) is not null && attempt < retry.MaxAttempts)
            {
                await Task.Delay(retry.Delay(attempt), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (RedisFailures.Unavailable(e, "Redis", identifier, instance) is { } unavailable)
            {
                throw unavailable;
            }
        }
    }
    private static long ParseVersion(CartKey key, RedisValue value) =>
        long.TryParse((string?)value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw Foreign(key, "the version field 'v' is missing or not a positive integer");

    private static CartDataCorruptedException Foreign(CartKey key, string reason) => new(key.Identifier, key.Instance, reason + ".");
}
