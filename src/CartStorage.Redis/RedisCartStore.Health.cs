using StackExchange.Redis;

namespace CartStorage.Redis;

/// <summary>The health probe of <see cref="RedisStorage"/>: the store can take a write now.</summary>
internal sealed partial class RedisCartStore
{
    /// <summary>
    /// The health probe: a script declared with a shebang and without the <c>no-writes</c> flag, which Redis 7 runs only
    /// where a write could run (a primary), and which writes nothing.
    /// </summary>
    private static readonly RedisScript WritableProbe = new("#!lua\nreturn 1");

    /// <summary>Checks that the store can take a write now (a primary answers the probe), or throws.</summary>
    public Task PingAsync(CancellationToken ct) => RunAsync(null, null, async db =>
    {
        try
        {
            // A primary runs it; a replica refuses it (READONLY), as it would refuse a write. It writes nothing.
            return !(await WritableProbe.EvaluateAsync(db, [], []).ConfigureAwait(false)).IsNull;
        }
        catch (RedisServerException e) when (e.Message.Contains("compiling", StringComparison.OrdinalIgnoreCase))
        {
            // Redis before 7.0 has no script flags (the shebang line): it can only say that it answers.
            return await db.PingAsync().ConfigureAwait(false) >= TimeSpan.Zero;
        }
    }, ct);
}
