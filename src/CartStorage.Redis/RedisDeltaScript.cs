namespace CartStorage.Redis;

/// <summary>
/// The item delta of <see cref="RedisStorage"/> (<c>AddItemAsync</c>, <c>ChangeQuantityAsync</c>,
/// <c>RemoveItemAsync</c>): one script that changes one item of the stored document without reading the cart first.
/// </summary>
/// <remarks>
/// <para>
/// The document is never decoded as a whole: a Lua JSON decode turns numbers into doubles, so prices and attribute
/// values would lose their text. The script scans the JSON text (<c>skip</c> finds where a value ends) and splices
/// it. The scan trusts that brackets and braces are only structure: no string of the document holds <c>[</c>,
/// <c>]</c>, <c>{</c>, <c>}</c> or an escaped quote (<c>\"</c>), which <see cref="RedisDeltaText.IsScannable"/> checks
/// in .NET before a document is written with the tag below. So a string ends at the next quote and an object or array
/// at the end of Lua's balanced match (<c>%b{}</c>, <c>%b[]</c>), one C call instead of a Lua step per token. It
/// splices the changed item's <c>quantity</c>, an appended or removed item (whose text comes from the cart the caller
/// serialized for the case that there is none), <c>version</c>, <c>updatedAt</c> and <c>keys</c>. Every other byte is
/// kept, so the result is the text the .NET serializer writes for the same cart, and its length is the size
/// <c>Cart:Limits:MaxDataSizeBytes</c> limits.
/// </para>
/// <para>
/// Field <c>l</c> of the cart hash is <c>{tag}:{version}</c>: the item limits (<c>MaxItemQuantity</c>,
/// <c>MaxStringLength</c>) every item of that version was checked against by the writer, and that the document is
/// scannable (the tag ends in <c>b</c>). A delta checks only the item it changes, so it runs only when <c>l</c> names the
/// caller's tag and the stored version; otherwise (a cart written by 0.2 or 0.3 or before the scannable check, under
/// other limits, by a swap, or a document with a bracket, a brace or an escaped quote in a string) it answers
/// <c>{-5}</c> and the caller takes the read-modify-write path, which checks every item and writes <c>l</c> when the
/// document it writes is scannable. A delta whose own item or key text is not scannable is not sent: the caller
/// takes the read-modify-write at once.
/// </para>
/// <para>
/// A missing cart is left to the caller (<c>{-6}</c>), which reads it and creates it: it may be the source of a swap or merge that
/// stopped after its claim, which is finished first, and the pending move's key is not declared here, because a key
/// that does not exist makes a migrating slot refuse the script (<c>TRYAGAIN</c>) for the whole migration. A cart that
/// exists is never a claimed one (the claim renames it away). So a delta on an existing cart is one round trip; the
/// first write of a new cart is the read-modify-write's two.
/// </para>
/// <para>
/// KEYS: cart, index. ARGV: kind (<c>a</c> add, <c>q</c> change quantity, <c>r</c> remove), item id, quantity or
/// delta, for an add <c>{"items":[item]}</c> (the item checked by the caller, its JSON as the documents write it; the
/// script takes the item's text from it), idempotency key, the key as JSON text, <c>IdempotencyKeys</c>, <c>MaxItems</c>,
/// <c>MaxItemQuantity</c>, <c>MaxDataSizeBytes</c>, <c>updatedAt</c> as JSON text, TTL in ms, instance, encoded
/// instance, limits tag. Replies: <c>{1, document}</c> written; <c>{2, document}</c> nothing to change (or the key was
/// applied already); <c>{-1}</c> foreign data; <c>{-3, limit, actual, item index}</c> a limit refused it (<c>n</c>
/// items, <c>q</c> quantity, <c>b</c> bytes); <c>{-4}</c> a positive delta on an item the cart does not have;
/// <c>{-5}</c> take the read-modify-write path; <c>{-6}</c> no cart. Nothing is written unless the reply is <c>{1, …}</c>.
/// </para>
/// </remarks>
internal static class RedisDeltaScript
{
    /// <summary>
    /// <c>skip(s, p)</c>: the position after the JSON value that starts at <c>p</c> (nil if it does not end), in a
    /// scannable document (see the type's remarks); always past <c>p</c>, so every loop of the scan ends, even on a
    /// document it misreads (whose items then fail their checks: <c>{-5}</c>).
    /// <c>members(s, p)</c>: the members of the object at <c>p</c>, name (as written) → {name start, value start,
    /// value end}. <c>elements(s, p)</c>: the elements of the array at <c>p</c>, each {start, end}. <c>text(raw)</c>:
    /// the string a JSON string's inner text (without quotes) stands for (nil if it cannot be decoded: the script then
    /// hands the cart to the read-modify-write rather than take an id it cannot compare as different).
    /// </summary>
    private const string Scanner = """
        local find, byte, sub = string.find, string.byte, string.sub
        local function skip(s, p)
          local c, e = byte(s, p), nil
          if c == 34 then
            e = find(s, '"', p + 1, true)
          elseif c == 123 then
            e = select(2, find(s, '^%b{}', p))
          elseif c == 91 then
            e = select(2, find(s, '^%b[]', p))
          elseif c then
            return find(s, '[,}%]%s]', p + 1)
          end
          return e and e + 1
        end
        local function entries(s, p, object)
          if byte(s, p) ~= (object and 123 or 91) then return nil end
          local found, q = {}, find(s, '%S', p + 1)
          while q do
            local c = byte(s, q)
            if c == (object and 125 or 93) then return found end
            if c == 44 then q = find(s, '%S', q + 1) end
            local vs, name = q, nil
            if object then
              local ke = q and byte(s, q) == 34 and skip(s, q)
              if not ke then return nil end
              name, vs = sub(s, q + 1, ke - 2), find(s, '[^%s:]', ke)
            end
            local ve = vs and skip(s, vs)
            if not ve then return nil end
            if object then found[name] = {q, vs, ve} else found[#found + 1] = {q, ve} end
            q = find(s, '%S', ve)
          end
          return nil
        end
        local function members(s, p) return entries(s, p, true) end
        local function elements(s, p) return entries(s, p, false) end
        local function text(raw)
          if not find(raw, '\\', 1, true) then return raw end
          local ok, value = pcall(cjson.decode, '"' .. raw .. '"')
          if ok then return value end
          return nil
        end

        """;

    /// <summary>The script (see the type's remarks).</summary>
    public const string Apply = RedisCartScripts.Functions + Scanner + """
        local kind = redis.call('TYPE', KEYS[1])['ok']
        if kind == 'none' then return {-6} end
        if kind ~= 'hash' or not indexable(KEYS[2]) then return {-1} end
        local op, id, amount, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[12]
        local stored = redis.call('HMGET', KEYS[1], 'v', 'd', 'l')
        local v, doc = stored[1], stored[2]
        if not v or not doc then return {-1} end
        local n = tonumber(v)
        if stored[3] ~= ARGV[15] .. ':' .. v or not n or n >= 9007199254740991 then return {-5} end
        local top = members(doc, 1)
        if not top or not top['items'] or not top['version'] or not top['updatedAt'] or not top['format']
          or sub(doc, top['format'][2], top['format'][3] - 1) ~= '1' then return {-5} end
        local key = ARGV[5]
        local keys = top['keys'] and elements(doc, top['keys'][2])
        if top['keys'] and not keys then return {-5} end
        if key ~= '' and keys then
          for _, k in ipairs(keys) do
            if byte(doc, k[1]) ~= 34 then return {-5} end
            local stored = text(sub(doc, k[1] + 1, k[2] - 2))
            if stored == nil then return {-5} end
            if stored == key then return {2, doc} end
          end
        end
        local items = elements(doc, top['items'][2])
        if not items then return {-5} end
        local at
        for i, item in ipairs(items) do
          if sub(doc, item[1], item[1] + 6) ~= '{"id":"' then return {-5} end
          local e = skip(doc, item[1] + 6)
          if not e then return {-5} end
          local stored = text(sub(doc, item[1] + 7, e - 2))
          if stored == nil then return {-5} end
          if stored == id then at = i break end
        end
        if not at and op ~= 'a' then
          if op == 'q' and amount > 0 then return {-4} end
          return {2, doc}
        end
        if op == 'q' and amount == 0 then return {2, doc} end
        local edits = {}
        local count = #items
        local quantity
        if at then
          local fields = members(doc, items[at][1])
          local q = fields and fields['quantity']
          quantity = q and tonumber(sub(doc, q[2], q[3] - 1))
          if not quantity then return {-5} end
          quantity = quantity + amount
          if op == 'r' or quantity <= 0 then
            count = count - 1
            if at > 1 then
              edits[#edits + 1] = {items[at - 1][2], items[at][2], ''}
            elseif count > 0 then
              edits[#edits + 1] = {items[1][1], items[2][1], ''}
            else
              edits[#edits + 1] = {items[1][1], items[1][2], ''}
            end
          else
            edits[#edits + 1] = {q[2], q[3], string.format('%d', quantity)}
          end
        else
          local fresh = members(ARGV[4], 1)
          local added = fresh and fresh['items'] and elements(ARGV[4], fresh['items'][2])
          if not added or #added ~= 1 then return {-5} end
          count = count + 1
          local close = top['items'][3] - 1
          edits[#edits + 1] = {close, close, (count > 1 and ',' or '') .. sub(ARGV[4], added[1][1], added[1][2] - 1)}
        end
        if count > tonumber(ARGV[8]) then return {-3, 'n', count, 0} end
        if quantity and quantity > 0 and op ~= 'r' and quantity > tonumber(ARGV[9]) then return {-3, 'q', quantity, at - 1} end
        if key ~= '' then
          local limit = tonumber(ARGV[7])
          if limit < 1 then return {-5} end
          local kept = {}
          local first = keys and math.max(1, #keys + 2 - limit) or 1
          for i = first, keys and #keys or 0 do kept[#kept + 1] = sub(doc, keys[i][1], keys[i][2] - 1) end
          kept[#kept + 1] = ARGV[6]
          local list = '[' .. table.concat(kept, ',') .. ']'
          if keys then
            edits[#edits + 1] = {top['keys'][2], top['keys'][3], list}
          else
            edits[#edits + 1] = {top['items'][1], top['items'][1], '"keys":' .. list .. ','}
          end
        end
        local next = string.format('%d', n + 1)
        edits[#edits + 1] = {top['version'][2], top['version'][3], next}
        edits[#edits + 1] = {top['updatedAt'][2], top['updatedAt'][3], ARGV[11]}
        table.sort(edits, function(x, y) return x[1] < y[1] end)
        local parts, from = {}, 1
        for _, edit in ipairs(edits) do
          parts[#parts + 1] = sub(doc, from, edit[1] - 1)
          parts[#parts + 1] = edit[3]
          from = edit[2]
        end
        parts[#parts + 1] = sub(doc, from)
        local written = table.concat(parts)
        if #written > tonumber(ARGV[10]) then return {-3, 'b', #written, 0} end
        redis.call('HSET', KEYS[1], 'v', next, 'd', written, 'l', ARGV[15] .. ':' .. next)
        redis.call('PEXPIRE', KEYS[1], ttl)
        redis.call('HSET', KEYS[2], ARGV[13], ARGV[14])
        outlive(KEYS[2], tonumber(ttl))
        return {1, written}
        """;
}
