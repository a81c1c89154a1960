<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AgencyController</name>
    <message>
        <location filename="../../station_app/ui/agency/agency_controller.py" line="+159"/>
        <source>Open balances: villagers owe {0}, owed to villagers {1}, platforms owe {2}. F5: back to the board</source>
        <translation>未结款项：村民欠 {0}，应退村民 {1}，平台应退 {2}。F5：回到订单列表</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Orders found for &quot;{0}&quot;: {1}. Esc: back to the board</source>
        <translation>“{0}”找到 {1} 个订单。Esc：回到订单列表</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>all orders</source>
        <translation>全部订单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Showing: {0} ({1}). F3/F4: other status</source>
        <translation>显示：{0}（{1} 个）。F3/F4：切换状态</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>No agency order found for &quot;{0}&quot;.</source>
        <translation>没有找到“{0}”的代购单。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Up/Down to choose, Enter to open.</source>
        <translation>上/下键选择，回车打开。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Agency order for which villager?</source>
        <translation>给哪位村民代购？</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Payment for the agency order</source>
        <translation>代购收款</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Order {0} saved.
Pickup code: {1}
Collected {2}, due at pickup {3}.</source>
        <translation>代购单 {0} 已保存。
取货码：{1}
已收 {2}，取件时应收 {3}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Change {0}</source>
        <translation>找零 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agency order saved</source>
        <translation>代购单已保存</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No order here yet. F2 takes a new one.</source>
        <translation>这里还没有订单。F2 新建代购单。</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+58"/>
        <source>Cancel the order</source>
        <translation>取消订单</translation>
    </message>
    <message>
        <location line="-57"/>
        <source>The villager wants to return it</source>
        <translation>村民要退货</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+70"/>
        <source>Goods sent back to the seller</source>
        <translation>货已退回卖家</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>Order it on the platform, then take step 1.</source>
        <translation>先在平台下单，再选第 1 步。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>When the parcel comes, register it on the pickup page (Alt+3, F2): the order is then marked arrived.</source>
        <translation>包裹到站后，在取件页登记（Alt+3，F2），订单就会标为已到站。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hand it over on the pickup page (Alt+3) with pickup code {0}.</source>
        <translation>在取件页（Alt+3）凭取货码 {0} 交付。</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Refunded by the platform now (yuan)</source>
        <translation>平台这次退款（元）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Paid back to the villager now (yuan)</source>
        <translation>这次退给村民（元）</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Still owed: the platform owes the station {0}; the station owes the villager {1}.</source>
        <translation>尚未结清：平台还欠本站 {0}；本站还欠村民 {1}。</translation>
    </message>
    <message>
        <location line="-160"/>
        <location line="+37"/>
        <source>Ordered on the platform</source>
        <translation>已在平台下单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Platform order no.</source>
        <translation>平台订单号</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Amount paid on the platform (yuan)</source>
        <translation>平台实付（元）</translation>
    </message>
    <message>
        <location line="-41"/>
        <location line="+52"/>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Record the refund</source>
        <translation>记退款</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Record each refund as the money moves (step 1); the order is done when both are settled.</source>
        <translation>每笔钱到账或退出时记一次退款（第 1 步）；两项都结清后订单才完成。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Tracking no.</source>
        <translation>快递单号</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+7"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Return requested</source>
        <translation>申请退货</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Paid back by</source>
        <translation>退款方式</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Order {0}: {1}</source>
        <translation>代购单 {0}：{1}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Enter what moved this time; the rest can be recorded later.</source>
        <translation>填写这次实际退的金额，其余可以以后再记。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tab: next field    Enter: save    Esc: cancel</source>
        <translation>Tab：下一项    回车：保存    Esc：取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter: confirm    Esc: cancel</source>
        <translation>回车：确认    Esc：取消</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Order {0} is now: {1}.</source>
        <translation>代购单 {0} 现为：{1}。</translation>
    </message>
</context>
<context>
    <name>AgencyDetailDialog</name>
    <message>
        <location filename="../../station_app/ui/agency/agency_detail_dialog.py" line="+64"/>
        <source>History</source>
        <translation>经过</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Up/Down or digit: choose a step    Enter: do it    Esc: close</source>
        <translation>上/下键或数字：选步骤    回车：执行    Esc：关闭</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Agency order {0}</source>
        <translation>代购单 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}    {1}    pickup code {2}</source>
        <translation>{0}    {1}    取货码 {2}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Villager: {0}</source>
        <translation>村民：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Platform: {0}</source>
        <translation>平台：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item: {0}</source>
        <translation>商品：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each {0}, shipping {1}, service fee {2}</source>
        <translation>单价 {0}，运费 {1}，服务费 {2}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Total {0}, collected {1}</source>
        <translation>合计 {0}，已收 {1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Still due from the villager: {0}</source>
        <translation>村民还欠：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Spent on the platform {0}, refunded by it {1}; the platform owes {2}</source>
        <translation>平台实付 {0}，平台已退 {1}；平台还欠 {2}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Paid back to the villager {0}; still owed to the villager {1}</source>
        <translation>已退村民 {0}；还欠村民 {1}</translation>
    </message>
</context>
<context>
    <name>AgencyModels</name>
    <message>
        <location filename="../../station_app/ui/agency/agency_models.py" line="+22"/>
        <source>Taobao</source>
        <translation>淘宝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JD</source>
        <translation>京东</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pinduoduo</source>
        <translation>拼多多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Douyin</source>
        <translation>抖音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="+46"/>
        <location line="+31"/>
        <source>Order no.</source>
        <translation>单号</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+30"/>
        <source>Villager</source>
        <translation>村民</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Still due</source>
        <translation>未收</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+26"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Villager owes</source>
        <translation>村民欠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owed to villager</source>
        <translation>应退村民</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Platform owes</source>
        <translation>平台应退</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Age (days)</source>
        <translation>天数</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Platform order no. {0}</source>
        <translation>平台单号 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>spent {0}</source>
        <translation>实付 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tracking no. {0}</source>
        <translation>快递单号 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason: {0}</source>
        <translation>原因：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>platform refunded {0}</source>
        <translation>平台退款 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>paid back {0}</source>
        <translation>退给村民 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>platform still owes {0}</source>
        <translation>平台还欠 {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>villager still owed {0}</source>
        <translation>还欠村民 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>collected {0}</source>
        <translation>收款 {0}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>经办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>AgencyOrderDialog</name>
    <message>
        <location filename="../../station_app/ui/agency/agency_order_dialog.py" line="+55"/>
        <source>New agency order</source>
        <translation>新建代购单</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>what to buy, e.g. 美的电饭煲 3L</source>
        <translation>要买什么，如 美的电饭煲 3L</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Link or item id</source>
        <translation>链接或商品编号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Price each (yuan)</source>
        <translation>单价（元）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shipping (yuan)</source>
        <translation>运费（元）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Service fee (yuan)</source>
        <translation>服务费（元）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For {0} {1} — owes {2}, credit limit {3}</source>
        <translation>村民 {0} {1} — 欠款 {2}，赊账额度 {3}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tab: next field    Up/Down: change platform    Enter: to payment    Esc: cancel</source>
        <translation>Tab：下一项    上/下键：换平台    回车：去收款    Esc：取消</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+33"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Describe the item to buy.</source>
        <translation>请填写要买的商品。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Price each</source>
        <translation>单价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shipping</source>
        <translation>运费</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service fee</source>
        <translation>服务费</translation>
    </message>
</context>
<context>
    <name>AgencyPage</name>
    <message>
        <location filename="../../station_app/ui/agency/agency_page.py" line="+17"/>
        <source>Find order:</source>
        <translation>查代购单：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>order no., pickup code, villager name or phone tail</source>
        <translation>单号、取货码、村民姓名或手机尾号</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <location filename="../../station_app/ui/checkout/cart_model.py" line="+26"/>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qty / Weight</source>
        <translation>数量/重量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} kg</source>
        <translation>{0} 公斤</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0} kg ({1} jin)</source>
        <translation>{0} 公斤（{1} 斤）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0}/kg ({1}/jin)</source>
        <translation>{0}/公斤 ({1}/斤)</translation>
    </message>
</context>
<context>
    <name>CheckoutController</name>
    <message>
        <location filename="../../station_app/ui/checkout/checkout_controller.py" line="+164"/>
        <source>Ready. Scan a barcode, or type a name or its pinyin initials.</source>
        <translation>请扫码，或输入商品名称、拼音首字母。</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Select a line first (Up/Down).</source>
        <translation>请先用 ↑↓ 键选中一行商品。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Added {0} × {1}, {2}</source>
        <translation>已添加 {0} × {1}，{2}</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>Up/Down to choose, Enter to add, Esc to close the list.</source>
        <translation>↑↓ 选择，回车添加，Esc 关闭列表。</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>{0} is sold by weight: enter the weight.</source>
        <translation>“{0}”是称重商品，请输入重量。</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Weight</source>
        <translation>重量</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Quantity of {0} is now {1}.</source>
        <translation>“{0}”的数量已改为 {1}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New quantity of {0}:</source>
        <translation>“{0}”的新数量：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1 to 9,999</source>
        <translation>1 到 9999</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{0} is not sold by weight; use F4 for the quantity.</source>
        <translation>“{0}”不是称重商品，请按 F4 改数量。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Weight of {0} is now {1}.</source>
        <translation>{0} 的重量改为 {1}。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Removed {0}.</source>
        <translation>已删除“{0}”。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The cart is empty.</source>
        <translation>购物车是空的。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Discounts now {0}; total due {1}.</source>
        <translation>优惠合计 {0}，应收 {1}。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No rounding.</source>
        <translation>不抹零。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rounding: fen dropped (to the jiao).</source>
        <translation>抹零：抹去分（取整到角）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rounding: jiao and fen dropped (to the yuan).</source>
        <translation>抹零：抹去角和分（取整到元）。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Held: {0}. F3 resumes it.</source>
        <translation>已挂单：{0}。按 F3 取单。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Finish or hold (F2) this sale before resuming another.</source>
        <translation>请先结账或挂单（F2），再取另一单。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No held sales.</source>
        <translation>没有挂单。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Resumed: {0}</source>
        <translation>已取单：{0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Printing is not available here.</source>
        <translation>此处不能打印。</translation>
    </message>
    <message>
        <location line="-431"/>
        <location line="+459"/>
        <source>The cart is empty: scan something first.</source>
        <translation>购物车是空的，请先扫码。</translation>
    </message>
    <message>
        <location line="-466"/>
        <source>Last receipt {0}: {1}, paid {2}. The next scan starts a new sale.</source>
        <translation>上一单 {0}：应收 {1}，实收 {2}。扫下一件商品即开始新的一单。</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>{0}. Type its name and price to add it to the catalog; or Esc, then {1} sells it as a no-barcode item by amount.</source>
        <translation>{0}。请填写名称和价格，把它加入商品库；或按 Esc 关闭，再按 {1} 作为无码商品按金额卖出。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0}. To sell it now, press {1} (no-barcode item) and type its price; ask the owner to add it to the catalog.</source>
        <translation>{0}。要现在卖出，请按 {1}（无码商品）输入金额；并请店主把它加入商品库。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No product name matches &quot;{0}&quot;. Type part of the name or its pinyin initials (kkkl for 可口可乐); {1} sells an item without a barcode by amount.</source>
        <translation>没有名称匹配“{0}”的商品。请输入名称中的几个字或拼音首字母（如 kkkl 找可口可乐）；没有条码的商品按 {1} 按金额卖出。</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Price {0}/kg ({1}/jin). Type kilograms like 1.25, grams like 750g, or 2斤, 1.5斤, 3两.</source>
        <translation>单价 {0}/公斤（{1}/斤）。可输入公斤数如 1.25，克数如 750g，或 2斤、1.5斤、3两。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Weight of {0}:</source>
        <translation>{0} 的重量：</translation>
    </message>
    <message>
        <location line="+249"/>
        <source>Finish or hold (F2) this sale before the shift menu (sign out, close).</source>
        <translation>请先结账或挂单（F2），再打开班次菜单（签退、日结）。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>On whose account?</source>
        <translation>记在谁的账上？</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Sale {0} done: {1}, change {2}.</source>
        <translation>收款完成，单号 {0}：应收 {1}，找零 {2}。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Refund {0} done: {1}.</source>
        <translation>退货完成，退款单号 {0}：{1}。</translation>
    </message>
</context>
<context>
    <name>CheckoutView</name>
    <message>
        <location filename="../../station_app/ui/checkout/checkout_view.py" line="+55"/>
        <source>Scan or type code / name:</source>
        <translation>扫码/输入：</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>barcode, PLU, or pinyin like kkkl</source>
        <translation>条码、PLU 码，或拼音如 kkkl</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subtotal</source>
        <translation>原价合计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rounding</source>
        <translation>抹零</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Total due</source>
        <translation>应收</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Change</source>
        <translation>找零</translation>
    </message>
</context>
<context>
    <name>ConsignmentController</name>
    <message>
        <location filename="../../station_app/ui/consignment/consignment_controller.py" line="+138"/>
        <source>all lots</source>
        <translation>全部批次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Showing: {0} ({1}). F3/F4: other status</source>
        <translation>显示：{0}（{1} 批）。F3/F4：换状态</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Farmers owed: {0}, {1} in all. Enter: pay out. F5: back to the lots</source>
        <translation>待付款农户：{0} 户，共 {1}。回车：付款。F5：回到批次</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Scan a lot&apos;s label, or choose a row with Up/Down first.</source>
        <translation>请扫描批次标签，或先用上/下键选一行。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No lot with the code &quot;{0}&quot;.</source>
        <translation>没有批次号为“{0}”的批次。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Produce from which farmer?</source>
        <translation>哪位农户送来的货？</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Lot {0} saved: {1} {2}, net {3}.</source>
        <translation>批次 {0} 已收货：{1} {2}，净重 {3}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Next lot of this farmer, or Esc.</source>
        <translation>可接着录入这位农户的下一批，或按 Esc 结束。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>No lots are waiting at the station.</source>
        <translation>站内没有待发运的批次。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Manifest {0}</source>
        <translation>发运清单 {0}</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>Label of lot {0}: crate 1 of {1}</source>
        <translation>批次 {0} 的标签：第 1 筐，共 {1} 筐</translation>
    </message>
    <message numerus="yes">
        <location line="-116"/>
        <source>    %n lot(s) past best-before at the station (red): F7</source>
        <translation>
            <numerusform>    站内 %n 批已过保质期（红色）：按 F7 登记</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+122"/>
        <source>%n label(s) and the farmer&apos;s slip are printing.</source>
        <translation>
            <numerusform>正在打印 %n 张标签和农户收货单。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+65"/>
        <source>Shipment {0}: %n lot(s), {1} to {2}.</source>
        <translation>
            <numerusform>已发运 {0}：%n 批，{1}，承运：{2}。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The manifest is printing.</source>
        <translation>正在打印发运清单。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Choose the lot on the board first (Esc, then Up/Down).</source>
        <translation>请先在批次列表中选中批次（按 Esc，再用上/下键）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lot {0} is {1}: only lots still at the station can be written off.</source>
        <translation>批次 {0} 状态为“{1}”：只有还在站内的批次才能登记损耗或退还。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>What happened</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Spoiled (loss)</source>
        <translation>损耗（坏了）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned to the farmer</source>
        <translation>退还农户</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. 霉烂 (gone mouldy)</source>
        <translation>例如：霉烂</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Write off lot {0}</source>
        <translation>登记批次 {0} 损耗 / 退还</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} {1} of {2}, net {3}, best before {4}.</source>
        <translation>{0} {1}，农户 {2}，净重 {3}，保质至 {4}。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Up/Down: spoiled or returned    Tab: reason    Enter: save    Esc: cancel</source>
        <translation>上/下键：损耗或退还    Tab：填原因    回车：保存    Esc：取消</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Lot {0} is now: {1}.</source>
        <translation>批次 {0} 现在：{1}。</translation>
    </message>
</context>
<context>
    <name>ConsignmentModels</name>
    <message>
        <location filename="../../station_app/ui/consignment/consignment_models.py" line="+29"/>
        <source>Premium</source>
        <translation>特级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade 1</source>
        <translation>一级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade 2</source>
        <translation>二级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off-grade</source>
        <translation>等外</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+179"/>
        <source>Sold</source>
        <translation>已售出</translation>
    </message>
    <message>
        <location line="-178"/>
        <source>Partly sold</source>
        <translation>部分售出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>拒收</translation>
    </message>
    <message>
        <location line="+33"/>
        <location line="+141"/>
        <source>Lot code</source>
        <translation>批次号</translation>
    </message>
    <message>
        <location line="-140"/>
        <location line="+110"/>
        <source>Farmer</source>
        <translation>农户</translation>
    </message>
    <message>
        <location line="-109"/>
        <location line="+140"/>
        <source>Product</source>
        <translation>品名</translation>
    </message>
    <message>
        <location line="-139"/>
        <source>Crates</source>
        <translation>筐数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Net</source>
        <translation>净重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best before</source>
        <translation>保质至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Expired! F7</source>
        <translation>已过期！按 F7</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Ship</source>
        <translation>发运</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settlements unpaid</source>
        <translation>未付结算</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owed to the farmer</source>
        <translation>应付农户</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sale</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hub fees</source>
        <translation>县中心费用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Commission</source>
        <translation>佣金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due</source>
        <translation>应付</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>brought by {0}</source>
        <translation>{0} 送货</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>net {0}</source>
        <translation>净重 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>harvested {0}</source>
        <translation>采摘 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>manifest {0}</source>
        <translation>发运清单 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sold {0}</source>
        <translation>售出 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>for {0}</source>
        <translation>售价 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hub fees {0}</source>
        <translation>县中心费用 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>commission {0}</source>
        <translation>佣金 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>due to the farmer {0}</source>
        <translation>应付农户 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>paid {0}</source>
        <translation>已付 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reason: {0}</source>
        <translation>原因：{0}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>经办</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>County hub</source>
        <translation>县级中心</translation>
    </message>
</context>
<context>
    <name>ConsignmentPage</name>
    <message>
        <location filename="../../station_app/ui/consignment/consignment_page.py" line="+27"/>
        <source>Lot code:</source>
        <translation>批次号：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scan the label&apos;s QR code or type the lot code, then Enter</source>
        <translation>扫描标签上的二维码或输入批次号，再按回车</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Last paper printed</source>
        <translation>最近打印的单据</translation>
    </message>
</context>
<context>
    <name>CountDialog</name>
    <message>
        <location filename="../../station_app/ui/shift/count_dialog.py" line="+126"/>
        <source>Or the whole amount (yuan):</source>
        <translation>或输入总金额（元）：</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>why the cash differs, if it does</source>
        <translation>现金有出入时写明原因</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next clerk&apos;s PIN:</source>
        <translation>接班店员 PIN：</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Tab / Enter: next line    F12: count done (Enter on the last line too)    Esc: cancel</source>
        <translation>Tab / 回车：下一行    F12：点钞完成（最后一行按回车也可）    Esc：取消</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Counted: — (one way only)</source>
        <translation>点钞合计：—（只能用一种方式）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Counted: {0}</source>
        <translation>点钞合计：{0}</translation>
    </message>
</context>
<context>
    <name>CounterRestore</name>
    <message>
        <location filename="../../station_app/ui/app.py" line="+141"/>
        <source>Backup not restored</source>
        <translation>备份未恢复</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing was changed: the counter goes on with its data as before.</source>
        <translation>没有任何改动：收银机继续使用原来的数据。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Backup restored</source>
        <translation>备份已恢复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The station&apos;s data is now that of the backup {0}. The database it replaced is kept as {1}. Sign in to go on.</source>
        <translation>站点数据已恢复为备份 {0} 的数据。被替换的数据库保留为 {1}。请登录继续。</translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <location filename="../../station_app/ui/checkout/discount_dialog.py" line="+52"/>
        <location line="+69"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>F1 This line: {0}</source>
        <translation>F1 本行：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>F1 This line (none selected)</source>
        <translation>F1 本行（未选中）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>F2 Whole sale</source>
        <translation>F2 整单</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Discount amount in yuan (0 removes it)</source>
        <translation>优惠金额（元，输入 0 取消优惠）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter: confirm    Esc: cancel</source>
        <translation>回车 确认    Esc 取消</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../station_app/ui/common/form_dialog.py" line="+104"/>
        <source>Tab: next field    Enter: save    Esc: cancel</source>
        <translation>Tab：下一项    回车：保存    Esc：取消</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Confirm (Enter)</source>
        <translation>确认（回车）</translation>
    </message>
</context>
<context>
    <name>HeldCartsDialog</name>
    <message>
        <location filename="../../station_app/ui/checkout/held_carts_dialog.py" line="+26"/>
        <source>Resume a held sale</source>
        <translation>取单</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Up/Down: choose    Enter: resume    Esc: cancel</source>
        <translation>↑↓ 选择    回车 取单    Esc 取消</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <location filename="../../station_app/ui/consignment/intake_dialog.py" line="+144"/>
        <source>Take in produce</source>
        <translation>代销收货</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Product</source>
        <translation>品名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Up/Down: {0} …</source>
        <translation>上/下键：{0} …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. 脐橙, 猕猴桃</source>
        <translation>例如：脐橙、猕猴桃</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Crates</source>
        <translation>筐数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pieces (if counted)</source>
        <translation>件数（需要时填）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Gross weight (kg)</source>
        <translation>毛重（公斤）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>all crates on the scale, e.g. 31.5</source>
        <translation>所有筐一起过秤，例如 31.5</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tare per crate (kg)</source>
        <translation>每筐皮重（公斤）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Harvest date</source>
        <translation>采摘日期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>YYYY-MM-DD, or -1 for yesterday</source>
        <translation>年-月-日，或 -1 表示昨天</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shelf life (days)</source>
        <translation>保质天数</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Asking price per kg (yuan)</source>
        <translation>期望单价（元/公斤）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Commission (%)</source>
        <translation>代销佣金（%）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Farmer: {0} {1}</source>
        <translation>农户：{0} {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tab: next field    Up/Down: products taken in before, grade    Enter: save and print labels    Esc: done</source>
        <translation>Tab：下一项    上/下键：选以前收过的品名、等级    回车：保存并打印标签    Esc：结束</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Net weight</source>
        <translation>净重</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Best before</source>
        <translation>保质至</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>{0}  = {1} − {2} × {3}</source>
        <translation>{0}  = {1} − {2} × {3}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{0}  (harvested {1})</source>
        <translation>{0}（采摘 {1}）</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Type kilograms like 31.5.</source>
        <translation>请输入公斤数，例如 31.5。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type the harvest date as YYYY-MM-DD, or -1 for yesterday.</source>
        <translation>采摘日期请写成 年-月-日，或 -1 表示昨天。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Asking price</source>
        <translation>期望单价</translation>
    </message>
</context>
<context>
    <name>KeyMap</name>
    <message>
        <location filename="../../station_app/ui/common/key_map.py" line="+53"/>
        <source>Pay</source>
        <translation>结账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold</source>
        <translation>挂单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume</source>
        <translation>取单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Weight</source>
        <translation>重量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Delete line</source>
        <translation>删除行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refund</source>
        <translation>退货</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No-barcode item</source>
        <translation>无码商品</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Round down</source>
        <translation>抹零</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Printing</source>
        <translation>打印</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shift / sign out</source>
        <translation>班次·签退</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a line</source>
        <translation>选行</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Clear the field</source>
        <translation>清空输入</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Sign out (the shift stays open)</source>
        <translation>签退（班次继续）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hand over to another clerk (count the cash)</source>
        <translation>交班给另一位店员（点钞）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close the day (count the cash, Z report)</source>
        <translation>日结（点钞，打印 Z 报表）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pay in (cash put into the drawer)</source>
        <translation>存入（放入钱箱的现金）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pay out (cash taken from the drawer)</source>
        <translation>取出（从钱箱拿走的现金）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>X report (the shift so far: view, print)</source>
        <translation>X 报表（本班至今：查看、打印）</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Checkout</source>
        <translation>收银</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agency</source>
        <translation>代购</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pickup</source>
        <translation>取件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Villagers</source>
        <translation>村民</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consignment</source>
        <translation>代销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Choose a row</source>
        <translation>选行</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Find / open the order</source>
        <translation>查找 / 打开订单</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New order</source>
        <translation>新建代购</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+57"/>
        <source>Next status</source>
        <translation>下一状态</translation>
    </message>
    <message>
        <location line="-51"/>
        <location line="+57"/>
        <source>Previous status</source>
        <translation>上一状态</translation>
    </message>
    <message>
        <location line="-54"/>
        <source>Open balances</source>
        <translation>未结款项</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+63"/>
        <source>Back to the board</source>
        <translation>回到列表</translation>
    </message>
    <message>
        <location line="-57"/>
        <source>Find / hand over</source>
        <translation>查找 / 交付</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Parcel arrived</source>
        <translation>包裹到站</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>All waiting parcels</source>
        <translation>全部待取</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Account and statement</source>
        <translation>账户与对账单</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add villager</source>
        <translation>新增村民</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Trace lot / open</source>
        <translation>追溯批次 / 打开</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take in produce</source>
        <translation>代销收货</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Farmers owed</source>
        <translation>待付农户</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ship to the hub</source>
        <translation>发往县中心</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Spoiled / returned</source>
        <translation>损耗 / 退还</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Add clerk</source>
        <translation>添加店员</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add owner</source>
        <translation>添加店主</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Disable person</source>
        <translation>停用此人</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reset their PIN</source>
        <translation>重设其密码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Change my PIN</source>
        <translation>改我的密码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restore…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Find / batches</source>
        <translation>查商品 / 看批次</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Receive goods</source>
        <translation>进货</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stocktake</source>
        <translation>盘点</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write off</source>
        <translation>报损</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reorder level</source>
        <translation>补货线</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Low / expiring</source>
        <translation>全部 / 缺货 / 临期</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All products</source>
        <translation>全部商品</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Show the period</source>
        <translation>显示该期间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next section</source>
        <translation>下一栏</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Previous section</source>
        <translation>上一栏</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Print summary</source>
        <translation>打印汇总</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>sign in, then {0}</source>
        <translation>登录后按 {0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No printer is set up ({0} printing menu → printer settings).</source>
        <translation>没有配置打印机（{0} 打印菜单 → 打印机设置）。</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <location filename="../../station_app/ui/common/translation.py" line="+37"/>
        <source>en</source>
        <translation>zh_CN</translation>
    </message>
</context>
<context>
    <name>LotTraceDialog</name>
    <message>
        <location filename="../../station_app/ui/consignment/lot_trace_dialog.py" line="+49"/>
        <source>Enter / Esc: close</source>
        <translation>回车 / Esc：关闭</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Lot {0}</source>
        <translation>批次 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0}, past its best-before date</source>
        <translation>{0}，已过保质期</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Farmer: {0}</source>
        <translation>农户：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crates: {0}, pieces: {1}</source>
        <translation>筐数：{0}，件数：{1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gross {0}, tare {1}</source>
        <translation>毛重 {0}，皮重 {1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Net: {0}</source>
        <translation>净重：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Harvested: {0}</source>
        <translation>采摘：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best before: {0}</source>
        <translation>保质至：{0}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="+60"/>
        <source>Village station counter — {0}</source>
        <translation>村级服务站收银 — {0}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Printer: not set up</source>
        <translation>打印机：未配置</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To sync: {0}</source>
        <translation>待同步 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refused: {0}</source>
        <translation>被拒 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New notices: {0} (Ctrl+S)</source>
        <translation>新通知 {0}（Ctrl+S）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Last sync: {0}</source>
        <translation>上次同步 {0}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Backup: none yet</source>
        <translation>备份：还没有</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Backup: just now</source>
        <translation>备份：刚刚</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backup: {0} min ago</source>
        <translation>备份：{0} 分钟前</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backup: {0} h ago</source>
        <translation>备份：{0} 小时前</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Backup: %n day(s) ago</source>
        <translation>
            <numerusform>备份：%n 天前</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>second folder unavailable</source>
        <translation>第二备份位置不可用</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Operator: {0}</source>
        <translation>收银员：{0}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <location filename="../../station_app/ui/common/notice_dialog.py" line="+25"/>
        <source>OK (Enter)</source>
        <translation>确定（回车）</translation>
    </message>
</context>
<context>
    <name>OpenItemDialog</name>
    <message>
        <location filename="../../station_app/ui/checkout/open_item_dialog.py" line="+33"/>
        <source>Item without barcode</source>
        <translation>无码商品</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Category (Up/Down)</source>
        <translation>分类（↑↓ 选择）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Amount in yuan</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter: add    Esc: cancel</source>
        <translation>回车 添加    Esc 取消</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
</context>
<context>
    <name>OwnerApproval</name>
    <message>
        <location filename="../../station_app/ui/common/owner_approval.py" line="+36"/>
        <source>Owner approval</source>
        <translation>店主授权</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}
Owner, enter your PIN:</source>
        <translation>{0}
请店主输入密码：</translation>
    </message>
</context>
<context>
    <name>ParcelModel</name>
    <message>
        <location filename="../../station_app/ui/pickup/parcel_models.py" line="+52"/>
        <source>Pickup code</source>
        <translation>取货码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Carrier</source>
        <translation>快递</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tracking no.</source>
        <translation>快递单号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recipient</source>
        <translation>收件人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrived</source>
        <translation>到站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To collect</source>
        <translation>应收</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Picked up {0} ({1})</source>
        <translation>已取 {0}（{1}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Overdue! Days waiting: {0}</source>
        <translation>超期！已等 {0} 天</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Days waiting: {0}</source>
        <translation>已等 {0} 天</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../station_app/ui/checkout/payment_dialog.py" line="+90"/>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Total due {0}</source>
        <translation>应收 {0}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>F6 On account</source>
        <translation>F6 赊账</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Transaction no. (optional)</source>
        <translation>交易单号（可不填）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Enter: confirm    F7: rest at pickup    F5: clear payments    Esc: cancel</source>
        <translation>回车：确认    F7：余款取件时付    F5：清除已收    Esc：取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter: confirm    F5: clear payments    Esc: cancel</source>
        <translation>回车 确认收款    F5 重新收款    Esc 取消</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>On account of {0} (owes {1}, limit {2})</source>
        <translation>记在 {0} 账上（已欠 {1}，额度 {2}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Amount on account</source>
        <translation>赊账金额</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cash received</source>
        <translation>实收现金</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Amount charged</source>
        <translation>收款金额</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Received: {0}    Still due: {1}</source>
        <translation>已收：{0}    还差：{1}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Change {0}</source>
        <translation>找零 {0}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Part payment taken; {0} still due.</source>
        <translation>已收部分款项，还差 {0}。</translation>
    </message>
</context>
<context>
    <name>PaymentMethod</name>
    <message>
        <location line="-246"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WeChat Pay</source>
        <translation>微信</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UnionPay card</source>
        <translation>银联卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On account</source>
        <translation>赊账</translation>
    </message>
</context>
<context>
    <name>PayoutDialog</name>
    <message>
        <location filename="../../station_app/ui/consignment/payout_dialog.py" line="+50"/>
        <source>Up/Down: choose    Enter: pay this one    F2: pay all    Esc: close</source>
        <translation>上/下键：选择    回车：付这一笔    F2：全部付清    Esc：关闭</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Pay out to {0}</source>
        <translation>付款给 {0}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>{0} is owed {1} for %n settlement(s)</source>
        <translation>
            <numerusform>应付 {0} {1}（%n 笔结算）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} is owed nothing now.</source>
        <translation>{0} 目前没有待付款项。</translation>
    </message>
</context>
<context>
    <name>PayoutFlow</name>
    <message>
        <location filename="../../station_app/ui/consignment/payout_flow.py" line="+118"/>
        <source>Pay out</source>
        <translation>付款给农户</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paid by</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Transfer reference</source>
        <translation>转账单号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the transfer&apos;s number; empty for cash</source>
        <translation>转账的交易单号；付现金可不填</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pay {0} to {1} for {2}.</source>
        <translation>付给 {1} {0}，批次：{2}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Up/Down: method    Tab: reference    Enter: pay and print the slip    Esc: cancel</source>
        <translation>上/下键：付款方式    Tab：转账单号    回车：付款并打印结算单    Esc：取消</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Paid {0} to {1} ({2}).</source>
        <translation>已付 {0} 给 {1}（{2}）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The payout slip is printing.</source>
        <translation>正在打印农户结算单。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not paid: {0}</source>
        <translation>未付款：{0}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Payout slip of {0}</source>
        <translation>{0} 的结算单</translation>
    </message>
</context>
<context>
    <name>PeopleController</name>
    <message>
        <location filename="../../station_app/ui/people/people_controller.py" line="+109"/>
        <source>No backup yet: F7 makes one now.</source>
        <translation>还没有备份：按 F7 立即备份。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last backup: {0} (less than an hour ago).</source>
        <translation>上次备份：{0}（不到一小时前）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last backup: {0} ({1} h ago).</source>
        <translation>上次备份：{0}（{1} 小时前）。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Last backup: {0} (%n day(s) ago): F7 makes one now.</source>
        <translation>
            <numerusform>上次备份：{0}（%n 天前）：按 F7 立即备份。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose a person with ↑↓ first.</source>
        <translation>请先用 ↑↓ 选一个人。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The two PINs differ: type the same PIN again.</source>
        <translation>两次密码不一样：请再输一遍同样的密码。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The same PIN again</source>
        <translation>再输一遍密码</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0} added; they sign in with their PIN.</source>
        <translation>已添加 {0}，可用其密码登录。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add a clerk</source>
        <translation>添加店员</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add an owner</source>
        <translation>添加店主</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{0} disabled: their PIN no longer signs in.</source>
        <translation>已停用 {0}：其密码不能再登录。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Disable {0}?</source>
        <translation>停用 {0}？</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} will no longer be able to sign in. Enter: disable, Esc: keep.</source>
        <translation>{0} 将不能再登录。回车：停用，Esc：保留。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>New PIN set for {0}.</source>
        <translation>已为 {0} 设好新密码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New PIN for {0}</source>
        <translation>{0} 的新密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+17"/>
        <source>New PIN</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Your PIN is changed; sign in with the new one from now on.</source>
        <translation>密码已改好，以后请用新密码登录。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Change my PIN</source>
        <translation>改我的密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Current PIN</source>
        <translation>现在的密码</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Backup made: {0}</source>
        <translation>已备份：{0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>intact</source>
        <translation>完好</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>daily</source>
        <translation>每日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>made by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>before an update</source>
        <translation>升级前</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Or the backup file&apos;s path</source>
        <translation>或输入备份文件路径</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Restoring replaces today&apos;s data with the backup&apos;s: everything recorded since that backup is gone from the counter (the replaced database is kept beside it). ↑↓ choose a backup, Enter: restore (the owner&apos;s PIN), Esc: keep.</source>
        <translation>恢复会用备份中的数据替换今天的数据：该备份之后记录的一切都会从收银机上消失（被替换的数据库会保留在旁边）。↑↓ 选择备份，Enter：恢复（需店主密码），Esc：不恢复。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No backup in {0} yet: type the path of a backup file, or Esc and F7 to make one.</source>
        <translation>{0} 中还没有备份：请输入备份文件路径，或按 Esc 后按 F7 先做一个备份。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Type the path of a backup file.</source>
        <translation>请输入备份文件的路径。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>There is no file {0}: check the path.</source>
        <translation>没有文件 {0}：请检查路径。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Restore {0}? Today&apos;s data since that backup will be replaced.</source>
        <translation>恢复 {0}？该备份之后的今天的数据将被替换。</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <location filename="../../station_app/ui/people/people_page.py" line="+16"/>
        <source>Owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clerk</source>
        <translation>店员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Must set a PIN</source>
        <translation>须设新密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>在用</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <location line="+25"/>
        <source>People:</source>
        <translation>人员：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>↑↓ choose a person, then F4 or F5</source>
        <translation>↑↓ 选人，再按 F4 或 F5</translation>
    </message>
</context>
<context>
    <name>PickupController</name>
    <message>
        <location filename="../../station_app/ui/pickup/pickup_controller.py" line="+116"/>
        <source>Scan the pickup code (or type a phone tail or tracking no.) and press Enter. F2 when a parcel arrives.</source>
        <translation>扫描取货码（或输入手机尾号、快递单号）后回车。包裹到站按 F2。</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Scan or type the pickup code, phone tail or tracking no. (or Down to choose from the list).</source>
        <translation>请扫描或输入取货码、手机尾号或快递单号（或按下键从列表选择）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Chosen from the waiting list.</source>
        <translation>已从待取列表选中。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No parcel found for &quot;{0}&quot;.</source>
        <translation>没有找到“{0}”的包裹。</translation>
    </message>
    <message numerus="yes">
        <location line="-54"/>
        <source>Waiting: %n parcel(s)</source>
        <translation>
            <numerusform>待取：%n 件</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, {0} of them over {1} (red).</source>
        <translation>，其中 {0} 件超过 {1}（红色）。</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+57"/>
        <source>Found for &quot;{0}&quot;: %n parcel(s). Esc: all waiting parcels</source>
        <translation>
            <numerusform>“{0}”找到 %n 件。Esc：全部待取包裹</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Already picked up. Enter shows when and by whom.</source>
        <translation>已取走。回车查看何时由谁交付。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, {0} to collect</source>
        <translation>，应收 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} {1} for {2}{3}. Enter hands it over.</source>
        <translation>{0} {1}，收件人 {2}{3}。回车交付。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Still due on agency order {0}</source>
        <translation>代购单 {0} 余款</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Handed over: {0} {1} to {2}.</source>
        <translation>已交付：{0} {1}，收件人 {2}。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Parcel arrived</source>
        <translation>包裹到站</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tracking no.</source>
        <translation>快递单号</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>scan the parcel&apos;s barcode</source>
        <translation>扫描包裹上的条码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Carrier</source>
        <translation>快递公司</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(from the number)</source>
        <translation>（按单号识别）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Recipient mobile</source>
        <translation>收件人手机</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>optional for agency orders</source>
        <translation>代购包裹可不填</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recipient name</source>
        <translation>收件人姓名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tab: next field    Enter: save, then scan the next    Esc: done</source>
        <translation>Tab：下一项    回车：保存并扫下一件    Esc：完成</translation>
    </message>
    <message>
        <location line="+31"/>
        <source> — agency order of {0}</source>
        <translation> — {0} 的代购单</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} {1} registered, pickup code {2}{3}. Scan the next one.</source>
        <translation>{0} {1} 已登记，取货码 {2}{3}。请扫下一件。</translation>
    </message>
</context>
<context>
    <name>PickupPage</name>
    <message>
        <location filename="../../station_app/ui/pickup/pickup_page.py" line="+18"/>
        <source>Pickup code / phone tail / tracking no.:</source>
        <translation>取货码 / 手机尾号 / 快递单号：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scan or type, then Enter</source>
        <translation>扫描或输入后回车</translation>
    </message>
</context>
<context>
    <name>PrintJobModel</name>
    <message>
        <location filename="../../station_app/ui/printing/print_job_model.py" line="+35"/>
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund receipt</source>
        <translation>退款单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reprint</source>
        <translation>重印</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test page</source>
        <translation>测试页</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>failed {0}×: {1}</source>
        <translation>失败 {0} 次：{1}</translation>
    </message>
</context>
<context>
    <name>PrintJobsDialog</name>
    <message>
        <location filename="../../station_app/ui/printing/print_jobs_dialog.py" line="+29"/>
        <source>Receipts not printed</source>
        <translation>未打印的小票</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Up/Down: choose    Enter: print again    Esc: close</source>
        <translation>↑/↓：选择    回车：重新打印    Esc：关闭</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Every receipt has been printed.</source>
        <translation>所有小票都已打印。</translation>
    </message>
</context>
<context>
    <name>PrintMenuDialog</name>
    <message>
        <location filename="../../station_app/ui/printing/print_menu_dialog.py" line="+25"/>
        <source>Printing</source>
        <translation>打印</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Up/Down or 1–{0}: choose    Enter: open    Esc: close</source>
        <translation>↑/↓ 或 1–{0}：选择    回车：打开    Esc：关闭</translation>
    </message>
</context>
<context>
    <name>PrintQueue</name>
    <message>
        <location filename="../../station_app/ui/common/print_queue.py" line="+137"/>
        <source>Printer: cash drawer opened.</source>
        <translation>打印机：钱箱已打开。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printer: drawer not opened: {0}</source>
        <translation>打印机：钱箱未打开：{0}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{0} printing menu → retry</source>
        <translation>{0} 打印菜单 → 重试</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Printer: not set up</source>
        <translation>打印机：未配置</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Printer: %n receipt(s) not printed — {0}</source>
        <translation>
            <numerusform>打印机：%n 张小票未打印 — {0}</numerusform>
        </translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Printer: {0} not printed: {1} — {2}</source>
        <translation>打印机：{0} 未打印：{1} — {2}</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>; %n not printed — {0}</source>
        <translation>
            <numerusform>；%n 张未打印 — {0}</numerusform>
        </translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Printer: ready ({0})</source>
        <translation>打印机：就绪（{0}）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Printer: printing {0}…</source>
        <translation>打印机：正在打印 {0}…</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Printer: printed {0} ({1})</source>
        <translation>打印机：{0} 已打印（{1}）</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsDialog</name>
    <message>
        <location filename="../../station_app/ui/printing/printer_settings_dialog.py" line="+41"/>
        <source>Printer settings</source>
        <translation>打印机设置</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No printer</source>
        <translation>不用打印机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serial port (COM)</source>
        <translation>串口（COM）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Network (LAN)</source>
        <translation>网络（局域网）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Windows printer</source>
        <translation>Windows 打印机</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+31"/>
        <source>Device or file</source>
        <translation>设备或文件</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Connection</source>
        <translation>连接方式</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>USB id (vendor:product)</source>
        <translation>USB 编号（厂商:产品）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Serial port</source>
        <translation>串口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Printer address</source>
        <translation>打印机地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Windows printer name</source>
        <translation>Windows 打印机名称</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>58 mm (32 columns)</source>
        <translation>58 毫米（每行 32 列）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>80 mm (48 columns)</source>
        <translation>80 毫米（每行 48 列）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} columns</source>
        <translation>每行 {0} 列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paper</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>GB18030 text (most printers)</source>
        <translation>GB18030 文字（大多数打印机）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GBK text (older printers)</source>
        <translation>GBK 文字（较老的打印机）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Picture (any printer, also without Chinese font)</source>
        <translation>图像（任何打印机，包括没有中文字库的）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Chinese characters</source>
        <translation>中文打印方式</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>empty: found automatically</source>
        <translation>留空：自动查找</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Font for pictures</source>
        <translation>图像模式字体</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Test print (F5)</source>
        <translation>测试打印（F5）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save (Enter)</source>
        <translation>保存（回车）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Printing the test page…</source>
        <translation>正在打印测试页…</translation>
    </message>
</context>
<context>
    <name>PrintingFlow</name>
    <message>
        <location filename="../../station_app/ui/printing/printing_flow.py" line="+57"/>
        <source>Reprint a receipt (marked REPRINT)</source>
        <translation>重印小票（注明“重印”）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipts not printed ({0})</source>
        <translation>未打印的小票（{0}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the cash drawer (owner)</source>
        <translation>打开钱箱（店主）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printer settings (owner)</source>
        <translation>打印机设置（店主）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print the test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No printer is set up: choose Printer settings first.</source>
        <translation>还没有配置打印机：请先选“打印机设置”。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Reprint</source>
        <translation>重印小票</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt or refund number, or scan the receipt&apos;s QR code:</source>
        <translation>小票号或退款单号，或扫描小票上的二维码：</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Reprint sent to the printer.</source>
        <translation>重印已发送到打印机。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Printing {0}…</source>
        <translation>正在打印 {0}…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Opening the cash drawer needs the owner.</source>
        <translation>打开钱箱需要店主授权。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Printer settings need the owner.</source>
        <translation>打印机设置需要店主授权。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>test page</source>
        <translation>测试页</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Test print failed: {0}. Check that the printer is switched on and has paper, and its cable or network port; then F5 to try again, or correct the connection above.</source>
        <translation>测试打印失败：{0}。请检查打印机是否开机、有没有纸、数据线或网口是否插好；然后按 F5 再试，或改正上面的连接设置。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Test page sent ({0}). Check the paper.</source>
        <translation>测试页已发送（{0}），请看打印出来的纸。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Printer settings saved.</source>
        <translation>打印机设置已保存。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{0} printed.</source>
        <translation>{0} 已打印。</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <location filename="../../station_app/ui/checkout/product_dialog.py" line="+41"/>
        <source>Add product</source>
        <translation>新增商品</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Barcode {0} is new. Enter the product to add it.</source>
        <translation>条码 {0} 是新商品，请填写后保存。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>pc</source>
        <translation>个</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sold by weight (price per kg)</source>
        <translation>称重商品（按公斤计价）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tab: next field    Enter: save    Esc: cancel</source>
        <translation>Tab 下一项    回车 保存    Esc 取消</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Price per kg (yuan)</source>
        <translation>每公斤价格（元）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Price (yuan)</source>
        <translation>售价（元）</translation>
    </message>
</context>
<context>
    <name>ProductListModel</name>
    <message>
        <location filename="../../station_app/ui/checkout/product_list_model.py" line="+15"/>
        <source>{0}/kg ({1}/jin)</source>
        <translation>{0}/公斤 ({1}/斤)</translation>
    </message>
</context>
<context>
    <name>PromptDialog</name>
    <message>
        <location filename="../../station_app/ui/common/prompt_dialog.py" line="+80"/>
        <source>Confirm (Enter)</source>
        <translation>确认（回车）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
</context>
<context>
    <name>ReceiveDialog</name>
    <message>
        <location filename="../../station_app/ui/stock/receive_dialog.py" line="+82"/>
        <source>Receive goods</source>
        <translation>进货</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>e.g. 县城批发部 (may stay empty)</source>
        <translation>如：县城批发部（可不填）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>scan the goods, or type the barcode / PLU</source>
        <translation>扫商品条码，或输入条码 / PLU</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+2"/>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+103"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="-102"/>
        <location line="+104"/>
        <source>Cost per unit (yuan)</source>
        <translation>进价（元/件）</translation>
    </message>
    <message>
        <location line="-98"/>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Expiry date</source>
        <translation>保质期至</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>or produced on</source>
        <translation>或生产日期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>+ shelf life</source>
        <translation>+ 保质期</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Enter: find the goods / add the line    Tab: next field    Up/Down: choose a line    Del: remove it    F12: store the delivery    Esc: cancel</source>
        <translation>回车：查商品 / 加入此行    Tab：下一栏    ↑↓：选行    Del：删除该行    F12：入库保存    Esc：取消</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Quantity (kg)</source>
        <translation>数量（公斤）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cost per kg (yuan)</source>
        <translation>进价（元/公斤）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Scan the goods first.</source>
        <translation>请先扫商品。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0}: sells at {1}, in stock {2} {3}</source>
        <translation>{0}：售价 {1}，库存 {2} {3}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{0} sells at {1}, not above this cost {2}: change the cost, or raise the price after storing.</source>
        <translation>{0} 售价 {1} 不高于这次进价 {2}：请核对进价，或入库后调高售价。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Added {0}. Next goods, or F12 to store.</source>
        <translation>已加入 {0}。继续扫下一件，或按 F12 入库。</translation>
    </message>
    <message numerus="yes">
        <location line="+26"/>
        <source>%n line(s), {0} at cost</source>
        <translation>
            <numerusform>共 %n 行，进价合计 {0}</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Scan the goods first, then type the quantity.</source>
        <translation>请先扫商品，再输入数量。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Type the weight received in kg, like 25 or 12.5.</source>
        <translation>请输入到货重量（公斤），如 25 或 12.5。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type how many were delivered, like 24.</source>
        <translation>请输入到货数量，如 24。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type what one cost, like 1.80.</source>
        <translation>请输入进价，如 1.80。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cost</source>
        <translation>进价</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&quot;{0}&quot; is no date: type it like {1}.</source>
        <translation>“{0}”不是日期，请按 {1} 这样输入。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Give the production date and the shelf life in days, or the expiry.</source>
        <translation>请填生产日期和保质期天数，或直接填保质期至。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shelf life in days must be 1 to {0}.</source>
        <translation>保质期天数须在 1 到 {0} 之间。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Removed {0}.</source>
        <translation>已删除 {0}。</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>Esc again throws away the %n line(s) typed; F12 stores them.</source>
        <translation>
            <numerusform>再按 Esc 将放弃已录入的 %n 行；按 F12 入库保存。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <location filename="../../station_app/ui/checkout/refund_dialog.py" line="+52"/>
        <source>Refund</source>
        <translation>退货</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Receipt {0}    {1}    paid {2}</source>
        <translation>小票 {0}    {1}    实付 {2}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Refund by</source>
        <translation>退款方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason (optional)</source>
        <translation>原因（可不填）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Digits: quantity    F1: return all    F2: method    Enter: continue    Esc: cancel</source>
        <translation>数字 退货数量    F1 全部退    F2 换退款方式    回车 继续    Esc 取消</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>To refund: {0}, by {1}</source>
        <translation>应退：{0}，退回方式：{1}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Type the quantity to return on a line first (F1: all).</source>
        <translation>请先在商品行输入退货数量（F1 全部退）。</translation>
    </message>
</context>
<context>
    <name>RefundFlow</name>
    <message>
        <location filename="../../station_app/ui/checkout/refund_flow.py" line="+59"/>
        <source>Refund</source>
        <translation>退货</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt number, or scan the QR code on the receipt:</source>
        <translation>请输入小票单号，或扫描小票上的二维码：</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Everything on this receipt was already refunded.</source>
        <translation>这张小票的商品已全部退过。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Refund done</source>
        <translation>退货完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund {0}: {1} by {2}.
Receipt {3}.</source>
        <translation>退款单号 {0}：退 {1}，退款方式 {2}。
原小票 {3}。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Refund of {0} needs the owner.</source>
        <translation>退款 {0} 需要店主授权。</translation>
    </message>
</context>
<context>
    <name>RefundLinesModel</name>
    <message>
        <location filename="../../station_app/ui/checkout/refund_lines_model.py" line="+37"/>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returnable</source>
        <translation>可退</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return now</source>
        <translation>本次退</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refundable amount</source>
        <translation>可退金额</translation>
    </message>
</context>
<context>
    <name>ReportCharts</name>
    <message>
        <location filename="../../station_app/ui/reports/report_charts.py" line="+103"/>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Net takings per day (yuan)</source>
        <translation>每日净额（元）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Net takings per month (yuan)</source>
        <translation>每月净额（元）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Net takings per hour of day (yuan)</source>
        <translation>各时段净额（元）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>(no category)</source>
        <translation>（未分类）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sales per category (yuan, share)</source>
        <translation>各品类销售额（元，占比）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Takings per payment method</source>
        <translation>各收款方式占比</translation>
    </message>
</context>
<context>
    <name>ReportController</name>
    <message>
        <location filename="../../station_app/ui/reports/report_controller.py" line="+184"/>
        <source>Adding up {0}…</source>
        <translation>正在统计 {0}…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0} to {1}</source>
        <translation>{0} 至 {1}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The report could not be made: {0}</source>
        <translation>报表没有做出来：{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} ({1} day(s)): net {2} from {3} sale(s)</source>
        <translation>{0}（{1} 天）：{3} 笔销售，净额 {2}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{0} shift(s), {1} closed with a count; over/short together {2}</source>
        <translation>共 {0} 个班次，已点钞结班 {1} 个；长短款合计 {2}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1} 笔）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No goods sold in the period have a cost yet: receive deliveries with their cost (Alt+7, F2) to see the gross margin.</source>
        <translation>本期卖出的商品都还没有进价：进货时录入进价（Alt+7，F2）后才能算毛利。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Gross margin {0} ({1}) on {2} of goods with a known cost.</source>
        <translation>毛利 {0}（毛利率 {1}），按有进价商品的销售额 {2} 计。</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n line(s) without a cost ({0}) are left out.</source>
        <translation>
            <numerusform>另有 %n 行商品没有进价（{0}），未计入。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Owed on credit at the end of {0}: {1} by {2} villager(s). 0–30 days {3}, 31–60 days {4}, 61–90 days {5}, over 90 days {6}. Owed now: {7}.</source>
        <translation>截至 {0} 赊账欠款 {1}，共 {2} 位村民。0–30 天 {3}，31–60 天 {4}，61–90 天 {5}，90 天以上 {6}。现在共欠：{7}。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>report</source>
        <translation>报表</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+58"/>
        <source>Show a period first (F2–F6, or type one and Enter).</source>
        <translation>请先显示一个期间（按 F2–F6，或输入日期后按回车）。</translation>
    </message>
    <message>
        <location line="-55"/>
        <source>Export the report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the report of {0} as {1} to:</source>
        <translation>把 {0} 的报表存为 {1} 文件，保存到：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A file of that name is replaced. Esc: do not export.</source>
        <translation>同名文件会被替换。按 Esc 不导出。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Type where to save the file.</source>
        <translation>请输入文件保存的位置。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0} is a folder: add a file name.</source>
        <translation>{0} 是文件夹，请加上文件名。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Saved: {0}</source>
        <translation>已保存：{0}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The summary is printing.</source>
        <translation>正在打印汇总。</translation>
    </message>
</context>
<context>
    <name>ReportModels</name>
    <message>
        <location filename="../../station_app/ui/reports/report_models.py" line="+51"/>
        <source>No.</source>
        <translation>名次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sold</source>
        <translation>销量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Villager</source>
        <translation>村民</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owed</source>
        <translation>欠款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>0–30 days</source>
        <translation>0–30天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>31–60 days</source>
        <translation>31–60天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>61–90 days</source>
        <translation>61–90天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Over 90 days</source>
        <translation>90天以上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oldest unpaid</source>
        <translation>最早未还</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Till</source>
        <translation>收银台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opened</source>
        <translation>开班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>结班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Counted</source>
        <translation>实点现金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Over/short</source>
        <translation>长短款</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>still open</source>
        <translation>未结班</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <location filename="../../station_app/ui/reports/report_page.py" line="+37"/>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per day</source>
        <translation>每日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per hour</source>
        <translation>时段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Categories</source>
        <translation>品类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top products</source>
        <translation>商品排行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Credit</source>
        <translation>赊账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agency, consignment</source>
        <translation>代购 代销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F2–F6, or type 2026-03-01..2026-03-31 then Enter</source>
        <translation>按 F2–F6，或输入 2026-03-01..2026-03-31 后按回车</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>working… %p%</source>
        <translation>统计中… %p%</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Sales</source>
        <translation>销售笔数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gross</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discounts</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rounded off (抹零)</source>
        <translation>抹零</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UnionPay card</source>
        <translation>银联卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On account</source>
        <translation>赊账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gross margin</source>
        <translation>毛利</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Top 20 by amount</source>
        <translation>销售额前 20</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top 20 by units sold</source>
        <translation>销量前 20（按件）</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>New agency orders</source>
        <translation>新代购单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Collected from villagers</source>
        <translation>向村民收款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid to platforms</source>
        <translation>付给平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service fees</source>
        <translation>服务费</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunds from platforms</source>
        <translation>平台退款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid back to villagers</source>
        <translation>退给村民</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Still to collect</source>
        <translation>待收村民</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunds owed to villagers</source>
        <translation>应退村民</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunds platforms owe</source>
        <translation>平台应退</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lots taken in</source>
        <translation>收货批次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Net weight taken in</source>
        <translation>收货净重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lots shipped</source>
        <translation>发运批次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Net weight shipped</source>
        <translation>发运净重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settlements</source>
        <translation>结算笔数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sold by the hub for</source>
        <translation>县中心售出金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due to farmers</source>
        <translation>结算应付农户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid out to farmers</source>
        <translation>已付农户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Still owed to farmers</source>
        <translation>尚欠农户</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Agency purchases (代购)</source>
        <translation>代购</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consignment (代销)</source>
        <translation>代销</translation>
    </message>
</context>
<context>
    <name>SetupController</name>
    <message>
        <location filename="../../station_app/ui/setup/setup_controller.py" line="+104"/>
        <source>Optional. The owner can add clerks later on the people page (Alt+6).</source>
        <translation>可以不填。店主以后可在“人员”页（Alt+6）添加店员。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Optional: the station works without the hub. Paste the provisioning code the county printed, or its three values. Can be done later with `main.py init --station-id ID --hub URL --secret S`.</source>
        <translation>可以不填：不连县中心也能营业。粘贴县里打印的开站码，或填写下面三项。以后也可用 `main.py init --station-id ID --hub URL --secret S` 设置。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Optional: sales work without a printer. F5 prints a test page. Can be set up later in the checkout&apos;s printing menu (F7 → printer settings).</source>
        <translation>可以不填：没有打印机也能收银。按 F5 打印测试页。以后也可在收银页的打印菜单里设置（F7 → 打印机设置）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The line printed at the bottom of every receipt. Can be changed later with `main.py settings receipt_footer TEXT`.</source>
        <translation>印在每张小票最下面的一行字。以后可用 `main.py settings receipt_footer 文字` 修改。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The station</source>
        <translation>服务站</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name is printed on every receipt; the phone may stay empty (later: `main.py settings station_phone`).</source>
        <translation>站名印在每张小票上；电话可以先不填（以后：`main.py settings station_phone`）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The owner (店主)</source>
        <translation>店主</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The owner signs in with this PIN and approves refunds and discounts. Not 0000, 1234, 8888 or other easy PINs. Needed: it cannot be skipped.</source>
        <translation>店主用这个密码登录，并批准退款和折扣。不能用 0000、1234、8888 这类好猜的密码。这一步必填，不能跳过。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A clerk (店员)</source>
        <translation>店员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The county hub</source>
        <translation>县中心</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The receipt printer</source>
        <translation>小票打印机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The receipt footer</source>
        <translation>小票底部文字</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Enter: finish and go to sign-in</source>
        <translation>回车：完成，去登录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter: next field / next step</source>
        <translation>回车：下一项 / 下一步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Esc: back a step</source>
        <translation>Esc：上一步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>F3: skip, do it later</source>
        <translation>F3：跳过，以后再设</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>F5: test print</source>
        <translation>F5：打印测试页</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>The two PINs differ: type the same PIN again.</source>
        <translation>两次密码不一样：请再输一遍同样的密码。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Type the station&apos;s name (it is on receipts).</source>
        <translation>请填写站名（会印在小票上）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Type the owner&apos;s name.</source>
        <translation>请填写店主姓名。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The clerk needs a name and a PIN of their own, not the owner&apos;s.</source>
        <translation>店员要用自己的姓名和密码，不能和店主的一样。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Fill in all three, or F3 to link the hub later.</source>
        <translation>三项都要填；或按 F3，以后再连县中心。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Code read: station {0}.</source>
        <translation>开站码已读取：站点 {0}。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Printing the test page…</source>
        <translation>正在打印测试页…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Test print failed: {0}. Check the printer is on and has paper, and its cable; then F5 again, or correct the port, or F3 to set it up later.</source>
        <translation>测试页没打出来：{0}。请检查打印机已开机、有纸、线已接好；然后再按 F5，或改正端口，或按 F3 以后再设。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Test page sent ({0}). Check the paper.</source>
        <translation>测试页已发送（{0}），请看打印出来的纸。</translation>
    </message>
</context>
<context>
    <name>SetupView</name>
    <message>
        <location filename="../../station_app/ui/setup/setup_view.py" line="+77"/>
        <source>Set up the station</source>
        <translation>开站设置</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Station name</source>
        <translation>站名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Station phone (may stay empty)</source>
        <translation>电话（可不填）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Owner&apos;s name</source>
        <translation>店主姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+7"/>
        <source>PIN (4 to 8 digits)</source>
        <translation>密码（4 到 8 位数字）</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+7"/>
        <source>The same PIN again</source>
        <translation>再输一遍密码</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Clerk&apos;s name (empty: no clerk)</source>
        <translation>店员姓名（不填：没有店员）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Provisioning code (paste or scan; fills the three below)</source>
        <translation>开站码（粘贴或扫码，自动填好下面三项）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Station id</source>
        <translation>站点编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hub address (URL)</source>
        <translation>县中心网址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Station secret</source>
        <translation>站点密钥</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connection</source>
        <translation>连接方式</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No printer</source>
        <translation>不用打印机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serial port (COM)</source>
        <translation>串口（COM）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Network (LAN)</source>
        <translation>网络（局域网）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Windows printer</source>
        <translation>Windows 打印机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device or file</source>
        <translation>设备或文件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Port: USB id, COM port, address, printer name or device</source>
        <translation>端口：USB 编号、COM 口、网络地址、打印机名或设备</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Paper</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>58 mm (32 columns)</source>
        <translation>58 毫米（每行 32 字）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>80 mm (48 columns)</source>
        <translation>80 毫米（每行 48 字）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Receipt footer</source>
        <translation>小票底部文字</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Step {0} of {1}</source>
        <translation>第 {0} 步，共 {1} 步</translation>
    </message>
</context>
<context>
    <name>ShiftFlow</name>
    <message>
        <location filename="../../station_app/ui/shift/shift_flow.py" line="+82"/>
        <source>No shift is open on this terminal.</source>
        <translation>本收银台没有未结班次。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shift of {0}, opened {1} with a float of {2}.</source>
        <translation>{0} 的班次，{1} 开班，备用金 {2}。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No shift is open: sign out, and the next sign-in opens one.</source>
        <translation>没有未结班次：请签退，下次登录时开班。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Pay in (cash into the drawer)</source>
        <translation>存入（现金放入钱箱）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pay out (cash from the drawer)</source>
        <translation>取出（现金从钱箱拿走）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>change from the bank, paying the delivery man…</source>
        <translation>去银行换零钱、付送货费…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Over {0} the owner&apos;s PIN is asked.</source>
        <translation>超过 {0} 需要店主输入 PIN。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Paid in {0}: {1}.</source>
        <translation>已存入 {0}：{1}。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Paid out {0}: {1}.</source>
        <translation>已取出 {0}：{1}。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Close the day: count the cash</source>
        <translation>日结：点钞</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Count the cash in the drawer. What it should hold is shown once the count is stored.</source>
        <translation>请清点钱箱里的现金。点钞保存后才显示应有现金（盲点）。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Hand over: count the cash</source>
        <translation>交班：点钞</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Count the cash with the next clerk watching; it becomes their float. They type their PIN on the last line.</source>
        <translation>请当着接班店员点钞，点出的现金就是下一班的备用金。接班店员在最后一行输入 PIN。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>{0} took over the shift from {1} with a float of {2}.</source>
        <translation>{0} 已从 {1} 接班，备用金 {2}。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Z report (shift closed)</source>
        <translation>Z 报表（日结）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>X report (shift so far)</source>
        <translation>X 报表（本班至今）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Backup made ({0}).</source>
        <translation>已备份（{0}）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The day is closed, but the backup was not made: {0}. Back up from the people page (owner) when you can.</source>
        <translation>日结已完成，但备份没有做成：{0}。请稍后在人员页（店主）备份。</translation>
    </message>
</context>
<context>
    <name>ShiftMenuDialog</name>
    <message>
        <location filename="../../station_app/ui/shift/shift_menu_dialog.py" line="+31"/>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Up/Down or {0}–{1}: choose    Enter: open    Esc: close</source>
        <translation>↑↓ 或 {0}–{1}：选择    回车：打开    Esc：关闭</translation>
    </message>
</context>
<context>
    <name>ShiftOpening</name>
    <message>
        <location filename="../../station_app/ui/shift/shift_opening.py" line="+61"/>
        <source>Type 0 if the drawer is empty.</source>
        <translation>钱箱空就输入 0。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The last close counted {0}: Enter carries it over.</source>
        <translation>上次结班点钞 {0}：按回车沿用。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open the shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}, no shift is open on this till. Count the cash in the drawer and type the float (yuan):</source>
        <translation>{0}，本收银台还没有开班。请清点钱箱里的现金，输入备用金（元）：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Back to sign-in (Esc)</source>
        <translation>返回登录（Esc）</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Shift opened with a float of {0}.</source>
        <translation>已开班，备用金 {0}。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Your shift goes on (opened {0}).</source>
        <translation>继续您的班次（{0} 开班）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You carry on {0}&apos;s shift (opened {1}).</source>
        <translation>继续 {0} 的班次（{1} 开班）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Low on stock: {0} product(s); expiring within {2} day(s): {1} product(s) ({3})</source>
        <translation>{0} 种商品库存不足，{1} 种商品 {2} 天内到期（{3}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Expiring within {1} day(s): {0} product(s) ({2})</source>
        <translation>{0} 种商品 {1} 天内到期（{2}）</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Low on stock: {0} product(s) ({1})</source>
        <translation>{0} 种商品库存不足（{1}）</translation>
    </message>
</context>
<context>
    <name>ShiftReport</name>
    <message>
        <location filename="../../station_app/ui/shift/shift_report_dialog.py" line="+38"/>
        <source>Receipts</source>
        <translation>销售笔数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discounts ({0})</source>
        <translation>优惠（{0} 笔）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rounding ({0})</source>
        <translation>抹零（{0} 笔）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refunds ({0})</source>
        <translation>退款（{0} 笔）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lines deleted</source>
        <translation>删除商品行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash sales</source>
        <translation>现金销售</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash refunds</source>
        <translation>现金退款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agency cash in</source>
        <translation>代购收款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agency cash out</source>
        <translation>代购付出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Credit repaid in cash</source>
        <translation>赊账还款（现金）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Farmer payouts</source>
        <translation>农户付款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pay-ins</source>
        <translation>存入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pay-outs</source>
        <translation>取出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected cash</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Counted</source>
        <translation>实点现金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Over / short</source>
        <translation>长短款</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Shift so far (not closed): expected cash in the drawer {0}.</source>
        <translation>本班至今（未结班）：钱箱应有现金 {0}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Counted {0}, expected {1}: short {2}.</source>
        <translation>实点 {0}，应有 {1}：短款 {2}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Counted {0}, expected {1}: over {2}.</source>
        <translation>实点 {0}，应有 {1}：长款 {2}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Counted {0}, as expected {1}: the cash is right.</source>
        <translation>实点 {0}，与应有 {1} 相符。</translation>
    </message>
</context>
<context>
    <name>ShiftReportDialog</name>
    <message>
        <location line="+41"/>
        <source>Counter</source>
        <translation>收银</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cash drawer</source>
        <translation>钱箱</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Note: {0}</source>
        <translation>备注：{0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Up/Down: scroll the paper    F7: print    Enter / Esc: close</source>
        <translation>↑↓：滚动报表    F7：打印    回车 / Esc：关闭</translation>
    </message>
</context>
<context>
    <name>ShipmentDialog</name>
    <message>
        <location filename="../../station_app/ui/consignment/shipment_dialog.py" line="+40"/>
        <source>Ship lots to the county hub</source>
        <translation>发运到县中心</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lots at the station: {0}</source>
        <translation>站内批次：{0}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>e.g. 县物流车 (the county truck)</source>
        <translation>例如：县物流车</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Carrier</source>
        <translation>承运</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Space: tick / untick    F2: all not expired    Tab: carrier    Enter: ship and print the manifest    Esc: cancel</source>
        <translation>空格：勾选/取消    F2：勾选全部未过期    Tab：承运    回车：发运并打印清单    Esc：取消</translation>
    </message>
    <message numerus="yes">
        <location line="+21"/>
        <source>To ship: %n lot(s)</source>
        <translation>
            <numerusform>本次发运：%n 批</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>, %n crate(s), {0}</source>
        <translation>
            <numerusform>，%n 筐，{0}</numerusform>
        </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Lot {0} is past its best-before date: it cannot be shipped. Record it spoiled or returned (F7 on the page).</source>
        <translation>批次 {0} 已过保质期，不能发运。请登记损耗或退还农户（在代销页按 F7）。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{0} expired lots (red) left out: record them spoiled or returned.</source>
        <translation>{0} 批已过保质期（红色）未勾选：请登记损耗或退还农户。</translation>
    </message>
</context>
<context>
    <name>SignInController</name>
    <message>
        <location filename="../../station_app/ui/signin/signin_screen.py" line="+180"/>
        <source>The two PINs differ. Type the new PIN again, twice.</source>
        <translation>两次输入的新密码不一致，请重新输入两次</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Too many wrong PINs. Wait {0} s, then enter your PIN again.</source>
        <translation>密码输错次数过多，请等 {0} 秒后再输入密码。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>You may enter your PIN again.</source>
        <translation>现在可以重新输入密码。</translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <location line="-183"/>
        <source>Enter your PIN and press Enter</source>
        <translation>请输入密码，按回车登录</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>First sign-in on this PC: choose your name, type a new PIN, press Enter, type it again and press Enter</source>
        <translation>本机首次登录：选择您的姓名，输入新密码后按回车，再输入一遍并按回车</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>New PIN</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The new PIN again</source>
        <translation>再输一遍新密码</translation>
    </message>
</context>
<context>
    <name>StockController</name>
    <message>
        <location filename="../../station_app/ui/stock/stock_controller.py" line="+116"/>
        <source>all products</source>
        <translation>全部商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>low stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expiring or expired</source>
        <translation>临期和过期</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Stock value {0} at cost, {1} at sale price.</source>
        <translation>库存金额：按进价 {0}，按售价 {1}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Low stock: {0}.</source>
        <translation>缺货：{0} 种。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Expiring within %n day(s): {0}.</source>
        <translation>
            <numerusform>%n 天内到期：{0} 种。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Showing: {0} ({1}). F6: {2}</source>
        <translation>显示：{0}（{1}）。F6：{2}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Scan the product, or choose a row with Up/Down first.</source>
        <translation>请先扫商品，或用 ↑↓ 选一行。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{0}: stock {1} {2}. Enter: its batches    F2: receive    F4: write off    F5: reorder level</source>
        <translation>{0}：库存 {1} {2}。回车：看批次    F2：进货    F4：报损    F5：补货线</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{0} {1}: expires {2}</source>
        <translation>{0} {1}：保质期至 {2}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} {1}: no expiry date</source>
        <translation>{0} {1}：无保质期记录</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing on the shelf: stock is {0} {1}.</source>
        <translation>货架上没有货：库存 {0} {1}。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>No goods yet: scan the first item.</source>
        <translation>还没有商品：请扫第一件。</translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>Delivery stored: %n line(s), {0} at cost.</source>
        <translation>
            <numerusform>进货已入库：%n 行，进价合计 {0}。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Some goods sell at or below cost.</source>
        <translation>有商品售价不高于进价。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale price at or below cost</source>
        <translation>售价不高于进价</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>All goods</source>
        <translation>全部商品</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stocktake</source>
        <translation>盘点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Goods to count</source>
        <translation>盘点范围</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Count one category at a time, or the whole shop.</source>
        <translation>可以一次盘一个分类，也可以盘全店。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Up/Down: choose    Enter: start counting    Esc: cancel</source>
        <translation>↑↓：选择    回车：开始盘点    Esc：取消</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>all goods</source>
        <translation>全部商品</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stocktake {0}</source>
        <translation>盘点 {0}</translation>
    </message>
    <message numerus="yes">
        <location line="+24"/>
        <source>Stocktake posted: %n product(s) counted</source>
        <translation>
            <numerusform>盘点已过账：盘了 %n 种商品</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>, %n adjusted</source>
        <translation>
            <numerusform>，调整 %n 种</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, difference {0} at cost.</source>
        <translation>，差额按进价 {0}。</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n product(s) not counted keep their stock.</source>
        <translation>
            <numerusform>未盘的 %n 种商品库存不变。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Write off {0}</source>
        <translation>报损：{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Quantity ({0})</source>
        <translation>数量（{0}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. 过期 (expired), 破损 (damaged)</source>
        <translation>如：过期、破损</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0}: in stock {1} {2}, nearest expiry {3}.</source>
        <translation>{0}：库存 {1} {2}，最近到期 {3}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tab: next field    Enter: write off    Esc: cancel</source>
        <translation>Tab：下一栏    回车：报损    Esc：取消</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Type how many to write off, like 2.</source>
        <translation>请输入报损数量，如 2。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Wrote off {0} {1} of {2} ({3}). Stock now {4}.</source>
        <translation>已报损 {2} {0} {1}（{3}）。现库存 {4}。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Reorder level</source>
        <translation>补货线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}: show it as low stock at or below how many {1}? (0: never)</source>
        <translation>{0}：库存不高于多少{1}时算缺货？（0：不提醒）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Type the level as a number, like 10.</source>
        <translation>请输入数字，如 10。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Reorder level of {0} is now {1} {2}.</source>
        <translation>{0} 的补货线已设为 {1} {2}。</translation>
    </message>
</context>
<context>
    <name>StockModels</name>
    <message>
        <location filename="../../station_app/ui/stock/stock_models.py" line="+57"/>
        <location line="+152"/>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <location line="-151"/>
        <location line="+100"/>
        <location line="+52"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="-151"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+100"/>
        <location line="+51"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="-150"/>
        <source>Reorder at</source>
        <translation>补货线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avg cost</source>
        <translation>平均进价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value at cost</source>
        <translation>进价金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nearest expiry</source>
        <translation>最近到期</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{0} expired</source>
        <translation>{0} 已过期</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Expired goods: write them off (F4)</source>
        <translation>已过期：请报损（F4）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Expires soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At or below the reorder level</source>
        <translation>不高于补货线</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cost</source>
        <translation>进价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line total</source>
        <translation>小计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sale price</source>
        <translation>售价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expiry</source>
        <translation>保质期至</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{0} ≤ cost!</source>
        <translation>{0} ≤ 进价！</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Expected</source>
        <translation>账面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Counted</source>
        <translation>实盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value</source>
        <translation>差额</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <location filename="../../station_app/ui/stock/stock_page.py" line="+20"/>
        <source>Product:</source>
        <translation>商品：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scan or type a barcode, PLU or name, then Enter</source>
        <translation>扫条码，或输入条码、PLU、名称后回车</translation>
    </message>
</context>
<context>
    <name>StocktakeDialog</name>
    <message>
        <location filename="../../station_app/ui/stock/stocktake_dialog.py" line="+66"/>
        <source>Stocktake: {0}</source>
        <translation>盘点：{0}</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>Counting {0}: %n product(s)</source>
        <translation>
            <numerusform>盘点{0}：共 %n 种商品</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>scan each item: every scan counts one</source>
        <translation>逐件扫码：每扫一次计 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scan</source>
        <translation>扫码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Scan: count one more    F2: type the count of the highlighted product    Up/Down: choose    Tab: reason    F12: post (owner&apos;s PIN)    Esc: close</source>
        <translation>扫码：计 1 件    F2：输入所选商品的数量    ↑↓：选择    Tab：原因    F12：过账（店主密码）    Esc：关闭</translation>
    </message>
    <message numerus="yes">
        <location line="+27"/>
        <source>Counted: %n product(s).</source>
        <translation>
            <numerusform>已盘：%n 种。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference at cost: {0}.</source>
        <translation>差额按进价：{0}。</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Not counted yet: %n (not posted; they keep their stock).</source>
        <translation>
            <numerusform>未盘：%n 种（不过账，库存不变）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{0} is not in this stocktake ({1}).</source>
        <translation>{0} 不在本次盘点范围（{1}）内。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0} is weighed: press F2 and type the weight on the shelf.</source>
        <translation>{0} 是称重商品：请按 F2 输入称出的重量。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{0}: counted {1} {2}, expected {3}.</source>
        <translation>{0}：实盘 {1} {2}，账面 {3}。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Count</source>
        <translation>盘点数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many {0} ({1}) are there?</source>
        <translation>{0} 实有多少（{1}）？</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Type the count as a number, like 24 (weighed: 12.5).</source>
        <translation>请输入数字，如 24（称重商品如 12.5）。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Nothing is counted yet: scan the goods first.</source>
        <translation>还没有盘任何商品：请先扫码。</translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>Esc again throws away the counts of %n product(s); F12 posts them.</source>
        <translation>
            <numerusform>再按 Esc 将放弃 %n 种商品的盘点数；按 F12 过账。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncModels</name>
    <message>
        <location filename="../../station_app/ui/sync/sync_models.py" line="+18"/>
        <source>Sale</source>
        <translation>销售</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund</source>
        <translation>退货</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason given by the hub</source>
        <translation>县级中心给出的原因</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This station is not linked to a county hub yet; sales are kept here. To link it, run on this PC: main.py init --station-id ID --hub URL --secret SECRET (the county service centre gives the three), or ask the county to set it up.</source>
        <translation>本站尚未连接县级服务中心，销售记录先保存在本机。连接方法：在本机运行 main.py init --station-id 站点编号 --hub 中心网址 --secret 站点密钥（这三项由县级服务中心提供），或请县里来设置。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../station_app/ui/sync/sync_page.py" line="+51"/>
        <source>Sync with the county hub</source>
        <translation>与县级服务中心同步</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Records refused by the county hub</source>
        <translation>县级中心拒收的记录</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Notices from the county</source>
        <translation>县里的通知</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sync now (F5)</source>
        <translation>立即同步（F5）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Send refused records again (F6)</source>
        <translation>重新发送被拒记录（F6）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>not linked to a county hub</source>
        <translation>未连接县级中心</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not known yet</source>
        <translation>尚不清楚</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>County hub: {0}</source>
        <translation>县级服务中心：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting to be sent: {0}</source>
        <translation>待上传：{0} 条</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refused by the hub: {0}</source>
        <translation>被拒收：{0} 条</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last successful sync: {0}</source>
        <translation>上次成功同步：{0}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Everything is up to date.</source>
        <translation>已全部同步。</translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>%n record(s) will be sent again.</source>
        <translation>
            <numerusform>%n 条记录将重新发送。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncWorker</name>
    <message numerus="yes">
        <location filename="../../station_app/ui/sync/sync_worker.py" line="+166"/>
        <source>%n record(s) were refused by the county hub; see the sync page.</source>
        <translation>
            <numerusform>县级中心拒收了 %n 条记录，请按 Ctrl+S 查看。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Cannot reach the county hub. Sales are kept and will be sent when the link is back.</source>
        <translation>连不上县级服务中心。销售记录已保存，网络恢复后自动上传。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This computer&apos;s clock is wrong. Set the date and time, then sync again.</source>
        <translation>本机时间不准，请校准日期和时间后再同步。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The county hub does not know this station&apos;s number. Check the station id with the county.</source>
        <translation>县级中心不认识本站编号，请与县里核对站点编号。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The county hub refused this station&apos;s key. Ask the county to set up the station key again.</source>
        <translation>县级中心拒绝了本站密钥，请联系县里重新配置站点密钥。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The county hub&apos;s certificate could not be verified. Check the certificate setting.</source>
        <translation>无法验证县级中心的证书，请检查证书设置。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The county hub refused the request ({0}). Please tell the county.</source>
        <translation>县级中心拒绝了请求（{0}），请告知县里。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The county hub sent an answer this station cannot read; nothing was changed. Please tell the county.</source>
        <translation>县级中心的回复无法识别，本站没有做任何改动，请告知县里。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Another sync is running; try again in a minute.</source>
        <translation>另一个同步正在进行，请稍后再试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync failed: {0}</source>
        <translation>同步失败：{0}</translation>
    </message>
</context>
<context>
    <name>VillagerAccountDialog</name>
    <message>
        <location filename="../../station_app/ui/villagers/villager_account_dialog.py" line="+72"/>
        <source>F3: repayment    F4: credit limit (owner)    F5: print statement    Esc: close</source>
        <translation>F3：还款    F4：赊账额度（店主）    F5：打印对账单    Esc：关闭</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Account of {0}</source>
        <translation>{0} 的账户</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mobile: {0}</source>
        <translation>手机：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Village group: {0}</source>
        <translation>村民小组：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Owes: {0}</source>
        <translation>欠款：{0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Credit limit: {0}</source>
        <translation>赊账额度：{0}</translation>
    </message>
</context>
<context>
    <name>VillagerFlow</name>
    <message>
        <location filename="../../station_app/ui/common/villager_flow.py" line="+112"/>
        <source>New villager</source>
        <translation>新增村民</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mobile (11 digits)</source>
        <translation>手机（11 位）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Village group</source>
        <translation>村民小组</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. 三组</source>
        <translation>如 三组</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Repayment</source>
        <translation>还款</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Amount repaid (yuan)</source>
        <translation>还款金额（元）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Paid by</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} owes {1}.</source>
        <translation>{0} 欠款 {1}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Amount repaid</source>
        <translation>还款金额</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+22"/>
        <source>Credit limit</source>
        <translation>赊账额度</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Credit limit (yuan, 0 = no credit)</source>
        <translation>赊账额度（元，0 = 不赊账）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>How much may {0} owe? Now owes {1}.</source>
        <translation>{0} 最多可以欠多少？现欠 {1}。</translation>
    </message>
</context>
<context>
    <name>VillagerModels</name>
    <message>
        <location filename="../../station_app/ui/villagers/villager_models.py" line="+55"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Village group</source>
        <translation>村民小组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owes</source>
        <translation>欠款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Credit limit</source>
        <translation>赊账额度</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Bought on account</source>
        <translation>赊购</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agency order on account</source>
        <translation>代购赊账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repayment</source>
        <translation>还款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refund to the account</source>
        <translation>退款冲账</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entry</source>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receipt / order</source>
        <translation>小票 / 单号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
</context>
<context>
    <name>VillagerPickerDialog</name>
    <message>
        <location filename="../../station_app/ui/common/villager_picker_dialog.py" line="+52"/>
        <source>Phone tail, name or pinyin initials:</source>
        <translation>手机尾号、姓名或拼音首字母：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>e.g. 5678, 王, wds</source>
        <translation>如 5678、王、wds</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Up/Down: choose    Enter: take    F2: new villager    Esc: cancel</source>
        <translation>上/下键：选择    回车：确定    F2：新增村民    Esc：取消</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Nobody found for &quot;{0}&quot;. F2 adds a new villager.</source>
        <translation>没有找到“{0}”。F2 新增村民。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Type a phone tail or name to find the villager first.</source>
        <translation>请先输入手机尾号或姓名找到村民。</translation>
    </message>
</context>
<context>
    <name>VillagersController</name>
    <message numerus="yes">
        <location filename="../../station_app/ui/villagers/villagers_controller.py" line="+82"/>
        <source>%n villager(s) owe {0} in total. Shown: {1}.</source>
        <translation>
            <numerusform>%n 人欠款，共 {0}。显示 {1} 人。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nobody found for &quot;{0}&quot;. F2 adds a new villager.</source>
        <translation>没有找到“{0}”。F2 新增村民。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter opens the account; F2 adds a villager.</source>
        <translation>回车打开账户；F2 新增村民。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{0} added.</source>
        <translation>已添加 {0}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Find the villager first: type a phone tail or name.</source>
        <translation>请先找到村民：输入手机尾号或姓名。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Repayment of {0} stored; now owes {1}.</source>
        <translation>已记还款 {0}；现欠 {1}。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Credit limit is now {0}.</source>
        <translation>赊账额度现为 {0}。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Statement sent to the printer.</source>
        <translation>对账单已发送到打印机。</translation>
    </message>
</context>
<context>
    <name>VillagersPage</name>
    <message>
        <location filename="../../station_app/ui/villagers/villagers_page.py" line="+18"/>
        <source>Find villager:</source>
        <translation>查村民：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>phone tail, name or pinyin initials, e.g. 5678 or wds</source>
        <translation>手机尾号、姓名或拼音首字母，如 5678 或 wds</translation>
    </message>
</context>
<context>
    <name>WeightDialog</name>
    <message>
        <location filename="../../station_app/ui/checkout/weight_dialog.py" line="+62"/>
        <source>= {0}    amount {1}</source>
        <translation>= {0}    金额 {1}</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../station_app/ui/workspace.py" line="+267"/>
        <source>The people page (PINs, clerks, backups) is for the owner: ask the owner to sign in.</source>
        <translation>“人员”页（密码、店员、备份）只有店主能用：请店主登录。</translation>
    </message>
</context>
</TS>
