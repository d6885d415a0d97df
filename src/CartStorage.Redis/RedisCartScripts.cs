namespace CartStorage.Redis;

/// <summary>
/// The Lua scripts of <see cref="RedisStorage"/>. Redis runs a script atomically (no other command runs between its
/// first and last call), and every script touches the keys of one identifier only (one hash slot), so each one is a
/// single atomic step on a single server or cluster node. A script checks everything before its first write, so an
/// error never leaves a half-done change (Redis does not roll back a script that fails midway).
/// </summary>
/// <remarks>
/// Replies: <c>{1}</c> done; <c>{0, actual}</c> the stored version is not the expected one, nothing written;
/// <c>{-1}</c> a key holds data this library did not write (wrong type, missing field), nothing written;
/// <c>{-2}</c> (claim only) the cart already has a pending move.
/// </remarks>
internal static class RedisCartScripts
{
    /// <summary>
    /// <c>version(key)</c>: the stored version of a cart as text, <c>'0'</c> when it does not exist, <c>nil</c> when the
    /// key is not a cart. <c>same(key, current, expectedVersion, expectedId)</c>: whether the stored cart (at version
    /// <c>current</c>) is the expected one: the same version and, for an existing cart, the same id (field <c>i</c>, 32
    /// hex digits; a cart written before that field existed has it only in its document). A cart removed and created
    /// again restarts at version 1 with a new id, so the version alone could name a cart the caller never read.
    /// <c>indexable(key)</c>: the index key is a hash or absent. <c>unindex(key, instance)</c>.
    /// </summary>
    private const string Functions = """
        local function version(key)
          local kind = redis.call('TYPE', key)['ok']
          if kind == 'none' then return '0' end
          if kind ~= 'hash' then return nil end
          local v = redis.call('HGET', key, 'v')
          if not v or redis.call('HEXISTS', key, 'd') == 0 then return nil end
          return v
        end
        local function same(key, current, version, id)
          if current ~= version then return false end
          if current == '0' then return true end
          local stored = redis.call('HGET', key, 'i')
          if not stored then
            local ok, doc = pcall(cjson.decode, redis.call('HGET', key, 'd'))
            if not ok or type(doc) ~= 'table' or type(doc['id']) ~= 'string' then return false end
            stored = string.lower(string.gsub(doc['id'], '-', ''))
          end
          return stored == id
        end
        local function indexable(key)
          local kind = redis.call('TYPE', key)['ok']
          return kind == 'hash' or kind == 'none'
        end
        local function unindex(key, instance)
          if redis.call('TYPE', key)['ok'] == 'hash' then
            redis.call('HDEL', key, instance)
            if redis.call('HLEN', key) == 0 then redis.call('DEL', key) end
          end
        end

        """;

    /// <summary>
    /// Writes a cart if its version and id are the expected ones (a cart removed and created again starts over at
    /// version 1 with a new id, so the version alone could match a cart the writer never read), refreshes its expiry and
    /// lists it in the index (whose expiry never falls before the cart's). With a third key (the target of a move), also
    /// sets it, with the cart's TTL: the record that the move was absorbed, which outlives a checkout or expiry of the
    /// cart. KEYS: cart, index[, absorbed record]. ARGV: expected version, next version, document, TTL in ms, instance,
    /// encoded instance, expected id, id written.
    /// </summary>
    public const string Write = Functions + """
        local current = version(KEYS[1])
        if not current or not indexable(KEYS[2]) then return {-1} end
        if not same(KEYS[1], current, ARGV[1], ARGV[7]) then return {0, current} end
        redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3], 'i', ARGV[8])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('HSET', KEYS[2], ARGV[5], ARGV[6])
        if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
        if KEYS[3] then redis.call('SET', KEYS[3], '1', 'PX', ARGV[4]) end
        return {1}
        """;

    /// <summary>
    /// Removes a cart and its index entry; with an expected version and id, only if the stored cart is that one (a
    /// missing cart is version 0). Without one, whatever the key holds (the way to remove corrupt data). KEYS: cart,
    /// index. ARGV: expected version or the empty string, instance, expected id.
    /// </summary>
    public const string Delete = Functions + """
        if ARGV[1] ~= '' then
          local current = version(KEYS[1])
          if not current then return {-1} end
          if not same(KEYS[1], current, ARGV[1], ARGV[3]) then return {0, current} end
        end
        redis.call('DEL', KEYS[1])
        unindex(KEYS[2], ARGV[2])
        return {1}
        """;

    /// <summary>
    /// First step of a swap or merge: if the source cart is the one read (version and id) and has no pending move,
    /// renames it to its pending key (keeping its expiry), records there the move (marker, target identifier, mode) and
    /// removes it from the index. KEYS: cart, index, pending. ARGV: expected version, instance, marker, target
    /// identifier, mode, expected id.
    /// </summary>
    public const string Claim = Functions + """
        if redis.call('EXISTS', KEYS[3]) == 1 then return {-2} end
        local current = version(KEYS[1])
        if not current then return {-1} end
        if not same(KEYS[1], current, ARGV[1], ARGV[6]) then return {0, current} end
        redis.call('RENAME', KEYS[1], KEYS[3])
        redis.call('HSET', KEYS[3], 'a', ARGV[3], 't', ARGV[4], 'm', ARGV[5])
        unindex(KEYS[2], ARGV[2])
        return {1}
        """;

    /// <summary>
    /// Puts a pending move back as the source cart (a merge that turned out to break the limits), if it is still the
    /// move with this marker and no new cart took the source's place. KEYS: cart, index, pending. ARGV: marker,
    /// instance, encoded instance.
    /// </summary>
    public const string Restore = Functions + """
        if redis.call('HGET', KEYS[3], 'a') ~= ARGV[1] then return {0} end
        if redis.call('EXISTS', KEYS[1]) == 1 or not indexable(KEYS[2]) then return {0} end
        redis.call('HDEL', KEYS[3], 'a', 't', 'm')
        redis.call('RENAME', KEYS[3], KEYS[1])
        redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl > 0 and redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
        return {1}
        """;

    /// <summary>Last step of a swap or merge: removes the pending move if it is still the one with this marker. KEYS: pending. ARGV: marker.</summary>
    public const string DeletePending = """
        if redis.call('HGET', KEYS[1], 'a') == ARGV[1] then
          redis.call('DEL', KEYS[1])
          return {1}
        end
        return {0}
        """;

    /// <summary>
    /// <c>unchanged(index, instances)</c>: whether the index lists exactly <c>instances</c> (the fields read before the
    /// script, whose cart keys the caller declared in KEYS); if not, the script does nothing and the caller reads again.
    /// </summary>
    private const string IndexFunctions = """
        local function unchanged(index, instances)
          if redis.call('HLEN', index) ~= #instances then return false end
          for i = 1, #instances do
            if redis.call('HEXISTS', index, instances[i]) == 0 then return false end
          end
          return true
        end

        """;

    /// <summary>
    /// The instances of an identifier whose cart exists, dropping index entries of expired carts. Every key it touches
    /// is declared: the caller read the index first (<c>HGETALL</c>) and passes each listed instance's cart key.
    /// KEYS: index, then the cart of each instance. ARGV: the instances, in the same order. Reply: <c>{1, live}</c>, or
    /// <c>{0}</c> when the index changed since it was read.
    /// </summary>
    public const string Instances = IndexFunctions + """
        if not unchanged(KEYS[1], ARGV) then return {0} end
        local live = {}
        for i = 1, #ARGV do
          if redis.call('EXISTS', KEYS[i + 1]) == 1 then
            live[#live + 1] = ARGV[i]
          else
            redis.call('HDEL', KEYS[1], ARGV[i])
          end
        end
        return {1, live}
        """;

    /// <summary>
    /// Removes every cart an identifier's index lists, and the index. KEYS: index, then the cart of each instance.
    /// ARGV: the instances, in the same order. Reply: <c>{1}</c>, or <c>{0}</c> when the index changed since it was read.
    /// </summary>
    public const string ForgetIdentifier = IndexFunctions + """
        if not unchanged(KEYS[1], ARGV) then return {0} end
        for i = 1, #KEYS do
          redis.call('DEL', KEYS[i])
        end
        return {1}
        """;
}
